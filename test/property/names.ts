// The small alphabet of names the property test's users pick from.

/** `z` is a file and a folder (type clashes). */
export const DIRS = ['x', 'x/y', 'z'] as const;
export const NAMES = ['a.txt', 'b.txt', 'c'] as const;
export const FILES: readonly string[] = [...NAMES, 'z', ...DIRS.flatMap((d) => NAMES.map((n) => `${d}/${n}`))];
/** Where a folder may be moved to (besides the other DIRS). */
export const DIR_TARGETS = ['w', 'x/w', 'z/w'] as const;
/** With caseInsensitive: false a run may also use names that differ from others only in case (other keys there). */
export const CASE_FILES: readonly string[] = ['A.txt', 'x/A.txt', 'X/a.txt'];
/** File names that differ from others only in case or Unicode form (café in NFC, in NFD as macOS writes it, upper case). */
export const FILE_VARIANTS: readonly string[] = ['A.txt', 'x/A.txt', 'caf\u00e9.txt', 'cafe\u0301.txt', 'CAF\u00c9.txt', 'x/cafe\u0301.txt'];
/** Folder names that differ only in case or Unicode form (Büro in NFC and NFD). */
export const FOLDER_VARIANTS: readonly string[] = ['X/a.txt', 'B\u00fcro/a.txt', 'Bu\u0308ro/b.txt'];
/** Every variant name an operation may pick; a run allows some of them (ModelSetup.variants). */
export const VARIANT_FILES: readonly string[] = [...new Set([...CASE_FILES, ...FILE_VARIANTS, ...FOLDER_VARIANTS])];
