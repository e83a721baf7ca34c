/**
 * Just enough XML for EC2 Query API responses: an object becomes child elements, an array becomes
 * `<item>` children (EC2's list encoding), a Date becomes ISO 8601, and text is escaped.
 */
export type XmlValue = string | number | boolean | Date | readonly XmlValue[] | { readonly [name: string]: XmlValue | undefined };

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function toXml(name: string, value: XmlValue): string {
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (Array.isArray(value)) return `<${name}>${value.map((item: XmlValue) => toXml('item', item)).join('')}</${name}>`;
  if (typeof value === 'object') {
    const children = Object.entries(value as Record<string, XmlValue | undefined>)
      .filter((entry): entry is [string, XmlValue] => entry[1] !== undefined)
      .map(([child, v]) => toXml(child, v));
    return `<${name}>${children.join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function xmlDocument(root: string, children: Record<string, XmlValue | undefined>, namespace?: string): string {
  const body = toXml(root, children);
  const withNamespace = namespace ? body.replace(`<${root}>`, `<${root} xmlns="${namespace}">`) : body;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${withNamespace}`;
}
