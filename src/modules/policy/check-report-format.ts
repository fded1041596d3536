/**
 * The four shapes a check report is printed in: text for people, JSON for scripts, JUnit XML for
 * CI test tabs, SARIF 2.1.0 for GitHub code scanning (Deny → error, Warn → warning, Audit → note).
 */
import { CAIRN_VERSION } from '../../kernel/version.ts';
import type { CheckFinding, CheckReport } from './manifest-check.ts';

export const checkOutputFormats = ['text', 'json', 'junit', 'sarif'] as const;
export type CheckOutputFormat = (typeof checkOutputFormats)[number];

const resourceName = (f: CheckFinding) =>
  `${f.resource.kind}/${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}`;

function strongestAction(f: CheckFinding): 'Deny' | 'Warn' | 'Audit' {
  if (f.actions.includes('Deny')) return 'Deny';
  return f.actions.includes('Warn') ? 'Warn' : 'Audit';
}

function messagesOf(f: CheckFinding): string[] {
  if (f.outcome === 'error') return [`policy could not be evaluated: ${f.error ?? 'unknown error'}`];
  return f.violations.map((v) => v.message);
}

const failing = (report: CheckReport) =>
  report.findings.filter((f) => f.outcome === 'fail' || f.outcome === 'error');

function formatText(report: CheckReport): string {
  const lines = failing(report).flatMap((f) =>
    messagesOf(f).map(
      (message) =>
        `${strongestAction(f).toUpperCase().padEnd(5)} ${f.source}: ${resourceName(f)} [${f.policy}] ${message}`,
    ),
  );
  const passed = report.findings.filter((f) => f.outcome === 'pass').length;
  lines.push(
    `${report.objectsChecked} objects checked: ${passed} passed, ${report.denied} denied, ${report.warned} warned, ${report.audited} audited, ${report.errors} errors`,
  );
  return `${lines.join('\n')}\n`;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function formatJunit(report: CheckReport): string {
  const cases = report.findings.map((f) => {
    const name = escapeXml(`${f.policy} ${resourceName(f)}`);
    const head = `    <testcase classname="${escapeXml(f.source)}" name="${name}">`;
    if (f.outcome === 'pass') return `${head}</testcase>`;
    const tag = f.outcome === 'error' ? 'error' : 'failure';
    const message = escapeXml(messagesOf(f).join('; '));
    return `${head}\n      <${tag} type="${strongestAction(f)}" message="${message}"/>\n    </testcase>`;
  });
  const failures = report.findings.filter((f) => f.outcome === 'fail').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cairn policy check" tests="${report.findings.length}" failures="${failures}" errors="${report.errors}">`,
    `  <testsuite name="cairn policy check" tests="${report.findings.length}" failures="${failures}" errors="${report.errors}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function formatSarif(report: CheckReport): string {
  const policies = [...new Set(report.findings.map((f) => f.policy))].sort();
  const level = { Deny: 'error', Warn: 'warning', Audit: 'note' } as const;
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cairn',
            version: CAIRN_VERSION,
            rules: policies.map((id) => ({ id, shortDescription: { text: `Cairn policy ${id}` } })),
          },
        },
        results: failing(report).flatMap((f) =>
          messagesOf(f).map((message) => ({
            ruleId: f.policy,
            level: level[strongestAction(f)],
            message: { text: `${resourceName(f)}: ${message}` },
            locations: [
              {
                physicalLocation: { artifactLocation: { uri: f.source === '-' ? 'stdin' : f.source } },
                logicalLocations: [{ name: resourceName(f), kind: 'resource' }],
              },
            ],
          })),
        ),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** Renders a report in the chosen format. */
export function formatCheckReport(report: CheckReport, format: CheckOutputFormat): string {
  switch (format) {
    case 'text':
      return formatText(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'junit':
      return formatJunit(report);
    case 'sarif':
      return formatSarif(report);
  }
}
