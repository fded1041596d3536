import { describe, expect, it } from 'vitest';
import {
  checkManifests,
  formatCheckReport,
  loadCheckInputs,
  loadPolicySet,
} from '../../src/modules/policy/index.ts';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const file = `${fixtures}manifests.yaml`;
const report = checkManifests(
  loadPolicySet([`${fixtures}policies/no-privileged-deny.yaml`]),
  loadCheckInputs([file], () => ''),
);

describe('check report formats', () => {
  it('counts the denied Deployment and the passing Pod', () => {
    expect(report).toMatchObject({ objectsChecked: 2, denied: 1, warned: 0, audited: 0, errors: 0 });
    expect(report.findings.map((f) => [f.resource.kind, f.outcome])).toEqual([
      ['Pod', 'pass'],
      ['Deployment', 'fail'],
    ]);
  });

  it('writes SARIF 2.1.0 with the policy as rule and Deny as error', () => {
    const log = JSON.parse(formatCheckReport(report, 'sarif'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].tool.driver.rules).toEqual([
      { id: 'no-privileged', shortDescription: { text: 'Cairn policy no-privileged' } },
    ]);
    expect(log.runs[0].results).toEqual([
      {
        ruleId: 'no-privileged',
        level: 'error',
        message: { text: 'Deployment/shop/agent: privileged containers are not allowed: agent' },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: file } },
            logicalLocations: [{ name: 'Deployment/shop/agent', kind: 'resource' }],
          },
        ],
      },
    ]);
  });

  it('writes JUnit with one test case per policy and object', () => {
    const junit = formatCheckReport(report, 'junit');
    expect(junit).toContain('<testsuite name="cairn policy check" tests="2" failures="1" errors="0">');
    expect(junit).toContain(`<testcase classname="${file}" name="no-privileged Pod/shop/web"></testcase>`);
    expect(junit).toContain(
      `<testcase classname="${file}" name="no-privileged Deployment/shop/agent">\n      <failure type="Deny" message="privileged containers are not allowed: agent"/>`,
    );
  });

  it('writes the whole report as JSON', () => {
    const json = JSON.parse(formatCheckReport(report, 'json'));
    expect(json.findings[1]).toMatchObject({
      policy: 'no-privileged',
      source: file,
      outcome: 'fail',
      checkedAs: 'pod-template',
      violations: [{ message: 'privileged containers are not allowed: agent', reason: 'Forbidden' }],
    });
  });

  it('reads a kind: List as its items', () => {
    const privileged = { name: 'c', securityContext: { privileged: true } };
    const items = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [privileged] } },
    ];
    const list = { apiVersion: 'v1', kind: 'List', items };
    const listReport = checkManifests(loadPolicySet([`${fixtures}policies/no-privileged-deny.yaml`]), [
      { source: 'list', documents: [list] },
    ]);
    expect(listReport.denied).toBe(1);
  });
});
