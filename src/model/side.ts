/** The two replicas. `left` is the office share, `right` the cloud drive; nothing else assumes that. */
export type Side = 'left' | 'right';

export const SIDES: readonly Side[] = ['left', 'right'];

/** other returns the opposite side. */
export function other(side: Side): Side {
  return side === 'left' ? 'right' : 'left';
}
