import { describe, expect, it } from 'vitest';
import { checkManifests, loadCheckInputs, loadPolicySet } from '../../src/modules/policy/index.ts';

const fixtures = new URL('./fixtures/terraform/', import.meta.url).pathname;
const policies = loadPolicySet([
  new URL('../../examples/policies/terraform-no-ssh-from-world.yaml', import.meta.url).pathname,
  new URL('../../examples/policies/terraform-no-public-s3.yaml', import.meta.url).pathname,
]);
const check = (file: string) =>
  checkManifests(
    policies,
    loadCheckInputs([`${fixtures}${file}`], () => ''),
  );

describe('Terraform plan policies', () => {
  it('denies SSH open to 0.0.0.0/0 and a bucket without public access blocks, naming the addresses', () => {
    const report = check('open-ssh.plan.json');
    expect(report.objectsChecked).toBe(3);
    expect(report.denied).toBe(2);
    const failures = report.findings.filter((f) => f.outcome === 'fail');
    expect(failures.map((f) => [f.policy, f.resource.name, f.violations[0]?.message])).toEqual([
      [
        'no-ssh-from-world',
        'aws_security_group.bastion',
        'aws_security_group.bastion opens SSH (port 22) to the internet; allow it from the VPN range or use SSM Session Manager',
      ],
      [
        'no-public-s3',
        'aws_s3_bucket_public_access_block.assets',
        'aws_s3_bucket_public_access_block.assets must set block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets to true',
      ],
    ]);
  });

  it('passes SSH from a private range and HTTPS from anywhere', () => {
    const report = check('private-network.plan.json');
    expect(report).toMatchObject({ objectsChecked: 3, denied: 0, errors: 0 });
    expect(report.findings.map((f) => f.outcome)).toEqual(['pass', 'pass', 'pass']);
  });

  it("reads HashiCorp's own plan fixture: every resource change is an object, none matched by AWS rules", () => {
    const report = check('hashicorp-basic.plan.json');
    expect(report.objectsChecked).toBe(8);
    expect(report.findings).toEqual([]);
  });

  it('leaves deletions alone: a rule only sees create and update by default', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_security_group.old',
          type: 'aws_security_group',
          name: 'old',
          change: { actions: ['delete'], before: {}, after: null },
        },
      ],
    };
    const report = checkManifests(policies, [{ source: 'plan', documents: [plan] }]);
    expect(report).toMatchObject({ objectsChecked: 1, denied: 0 });
  });
});
