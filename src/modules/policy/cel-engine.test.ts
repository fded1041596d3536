import { describe, expect, it } from 'vitest';
import { CelExpressionError, evaluateExpression, toCelValue } from './cel-engine.ts';

const pod = toCelValue({
  spec: {
    containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80, hostPort: 8080 }] }],
    securityContext: { runAsUser: 1000 },
  },
});
const run = (expression: string) => evaluateExpression(expression, { object: pod });

describe('CEL engine', () => {
  it('supports the optional syntax Kyverno policies use', () => {
    expect(run('object.spec.?initContainers.orValue([]).size()')).toBe(0n);
    expect(run("object.spec.?securityContext.?seccompProfile.?type.orValue('RuntimeDefault')")).toBe(
      'RuntimeDefault',
    );
    expect(run('object.spec.?securityContext.allowPrivilegeEscalation.orValue(true)')).toBe(true);
    expect(
      run('object.spec.containers.all(c, c.?ports.orValue([]).all(p, p.?hostPort.orValue(0) == 0))'),
    ).toBe(false);
    expect(run('object.spec.?securityContext.?runAsUser.orValue(1) > 0')).toBe(true);
  });

  it('reads whole numbers as int, as the apiserver does', () => {
    expect(run('object.spec.securityContext.runAsUser == 1000')).toBe(true);
    expect(run('type(object.spec.securityContext.runAsUser) == int')).toBe(true);
  });

  it('has the Kubernetes list and regex libraries', () => {
    expect(run('[1, 2, 3].isSorted() && ![2, 1].isSorted()')).toBe(true);
    expect(run('[1, 2, 3].sum()')).toBe(6n);
    expect(run('[3, 1, 2].min()')).toBe(1n);
    expect(run("['a', 'b', 'a'].lastIndexOf('a')")).toBe(2n);
    expect(run("'image:1.27.3'.find('[0-9]+\\\\.[0-9]+')")).toBe('1.27');
    expect(run("'a1b22c333'.findAll('[0-9]+')")).toEqual(['1', '22', '333']);
    expect(run("'a1b22c333'.findAll('[0-9]+', 2)")).toEqual(['1', '22']);
    expect(run("object.spec.containers[0].image.matches('^nginx:')")).toBe(true);
  });

  it('compares quantities exactly, with apiserver parsing', () => {
    expect(run("quantity('1Gi').isGreaterThan(quantity('1000Mi'))")).toBe(true);
    expect(run("quantity('500m').compareTo(quantity('0.5'))")).toBe(0n);
    expect(run("quantity('2k').asInteger()")).toBe(2000n);
    expect(run("quantity('1.5').asApproximateFloat()")).toBe(1.5);
    expect(run("quantity('1Ki').add(quantity('24')).asInteger()")).toBe(1048n);
    expect(run("isQuantity('12Gb')")).toBe(false);
    expect(() => run("quantity('250m').asInteger()")).toThrow(/cannot convert quantity 250m to an integer/);
  });

  it('parses URLs and semantic versions', () => {
    expect(run("url('https://example.com:8443/a%20b?x=1&x=2').getHostname()")).toBe('example.com');
    expect(run("url('https://example.com:8443/a%20b?x=1&x=2').getPort()")).toBe('8443');
    expect(run("url('https://example.com:8443/a%20b?x=1&x=2').getEscapedPath()")).toBe('/a%20b');
    expect(run("url('https://example.com/?x=1&x=2').getQuery()['x']")).toEqual(['1', '2']);
    expect(run("isURL('not a url')")).toBe(false);
    expect(run("semver('1.30.2').isGreaterThan(semver('1.9.0'))")).toBe(true);
    expect(run("semver('1.0.0-rc.1').compareTo(semver('1.0.0'))")).toBe(-1n);
    expect(run("isSemver('v1.2')")).toBe(false);
  });

  it('names the expression and reason when evaluation fails', () => {
    try {
      run('object.spec.missing.field');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CelExpressionError);
      expect((error as CelExpressionError).expression).toBe('object.spec.missing.field');
    }
    expect(() => run('object.spec.(')).toThrow(CelExpressionError);
  });
});

describe('orValue on a value that is not optional', () => {
  it('returns the value itself, as cel-go does (Kyverno policies rely on it)', () => {
    const container = toCelValue({ securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } });
    const expression =
      "c.securityContext.capabilities.add.orValue([]).size() == 1 && c.securityContext.capabilities.add[0] == 'NET_BIND_SERVICE'";
    expect(evaluateExpression(expression, { c: container })).toBe(true);
    expect(evaluateExpression('c.?missing.orValue(7)', { c: container })).toBe(7n);
  });
});
