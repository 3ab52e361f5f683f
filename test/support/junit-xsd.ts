/** The main rules of junit-10.xsd (shared/schemas), checked in TS so JUnit tests assert something without xmllint. */
import { attributeNames, elementChildren, parseXmlStrict, type XmlEl } from './xml.js';

/** The XSD's SUREFIRE_TIME pattern (junit-10.xsd), anchored. */
export const SUREFIRE_TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]{0,3})?$/;

/** Element → allowed attributes and required attributes, from junit-10.xsd. */
const XSD_RULES: Record<string, { allowed: string[]; required: string[]; children: string[] }> = {
  testsuites: { allowed: ['name', 'time', 'tests', 'failures', 'errors'], required: [], children: ['testsuite'] },
  testsuite: {
    allowed: ['name', 'tests', 'failures', 'errors', 'group', 'time', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url', 'version'],
    required: ['name', 'tests', 'failures', 'errors'],
    children: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err'],
  },
  properties: { allowed: [], required: [], children: ['property'] },
  property: { allowed: ['name', 'value'], required: ['name', 'value'], children: [] },
  testcase: {
    allowed: ['name', 'time', 'classname', 'group'], required: ['name'],
    children: ['skipped', 'error', 'failure', 'rerunFailure', 'rerunError', 'flakyFailure', 'flakyError', 'system-out', 'system-err'],
  },
  failure: { allowed: ['type', 'message'], required: [], children: [] },
  error: { allowed: ['type', 'message'], required: [], children: [] },
  skipped: { allowed: ['type', 'message'], required: [], children: [] },
};

/** The main constraints of junit-10.xsd, checked in TS so the test asserts something without xmllint. */
export function xsdViolations(xml: string): string[] {
  const doc = parseXmlStrict(xml);
  const out: string[] = [];
  const root = doc.documentElement!;
  if (root.tagName !== 'testsuites') out.push(`root is <${root.tagName}>, expected <testsuites>`);
  const walk = (el: XmlEl) => {
    const rule = XSD_RULES[el.tagName];
    if (!rule) { out.push(`<${el.tagName}> is not in the schema`); return; }
    for (const a of attributeNames(el)) if (!rule.allowed.includes(a)) out.push(`<${el.tagName}> has attribute ${a} the schema does not allow`);
    for (const a of rule.required) if (!el.hasAttribute(a)) out.push(`<${el.tagName}> lacks required attribute ${a}`);
    if ((el.tagName === 'testsuite' || el.tagName === 'testsuites') && el.hasAttribute('time') && !SUREFIRE_TIME.test(el.getAttribute('time')!)) {
      out.push(`<${el.tagName}> time="${el.getAttribute('time')}" does not match SUREFIRE_TIME`);
    }
    for (const c of elementChildren(el)) {
      if (!rule.children.includes(c.tagName)) out.push(`<${c.tagName}> is not allowed inside <${el.tagName}>`);
      walk(c);
    }
  };
  walk(root);
  return out;
}

