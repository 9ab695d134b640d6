/** escapeXml makes text safe inside a double-quoted XML attribute (quote: true) or an element. */
export function escapeXml(text: string, quote = false): string {
  return text.replace(quote ? /[&<>"]/g : /[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** XmlNode is a tiny element tree: a name, attributes, and either text or children. */
export interface XmlNode {
  name: string;
  attrs?: Record<string, string>;
  text?: string;
  children?: (XmlNode | null)[];
}

/** renderXml writes an element tree indented by two spaces, one element a line; null children are skipped. */
export function renderXml(node: XmlNode, depth = 0): string {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(node.attrs ?? {}).map(([k, v]) => ` ${k}="${escapeXml(v, true)}"`).join('');
  const kids = (node.children ?? []).filter((c): c is XmlNode => c !== null);
  if (kids.length) return `${pad}<${node.name}${attrs}>\n${kids.map((c) => renderXml(c, depth + 1)).join('')}${pad}</${node.name}>\n`;
  if (node.text === undefined) return `${pad}<${node.name}${attrs}/>\n`;
  return `${pad}<${node.name}${attrs}>${escapeXml(node.text)}</${node.name}>\n`;
}

/** el builds an element with text content. */
export function el(name: string, text: string | number | boolean, attrs?: Record<string, string>): XmlNode {
  return { name, text: String(text), ...(attrs ? { attrs } : {}) };
}
