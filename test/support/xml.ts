/** Strict XML parsing for tests: any parser warning or error fails the test. */
import { DOMParser } from '@xmldom/xmldom';

export type XmlDoc = ReturnType<DOMParser['parseFromString']>;
export type XmlEl = NonNullable<XmlDoc['documentElement']>;

export function parseXmlStrict(text: string, mimeType = 'text/xml'): XmlDoc {
  const problems: string[] = [];
  const doc = new DOMParser({
    errorHandler: (level: string, msg: string) => { problems.push(`${level}: ${msg}`); },
  }).parseFromString(text, mimeType);
  if (problems.length) throw new Error(`XML is not well-formed:\n${problems.join('\n')}`);
  return doc;
}

/** Element children of a node (skipping text and comments). */
export function elementChildren(el: XmlEl): XmlEl[] {
  const out: XmlEl[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as XmlEl);
  return out;
}

/** Every element with this tag name, in document order. */
export function elementsByTag(root: XmlDoc | XmlEl, tag: string): XmlEl[] {
  return Array.from(root.getElementsByTagName(tag) as unknown as ArrayLike<XmlEl>);
}

/** Attribute names of an element. */
export function attributeNames(el: XmlEl): string[] {
  const names: string[] = [];
  for (let i = 0; i < el.attributes.length; i++) names.push(el.attributes.item(i)!.name);
  return names;
}
