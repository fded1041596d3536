import { describe, expect, it } from 'vitest';
import { getYamlValue, parseYamlPath, setYamlValue } from './yaml-path.ts';

const values = `# Payment's Helm values (owned by team-orders)
replicaCount: 3 # scaled by Cairn

image:
  repository: ghcr.io/shop/payment   # the registry
  tag: "1.4.0"  # deployed by Cairn
  pullPolicy: IfNotPresent

env:
  - name: FEATURE_X
    value: 'off'
podAnnotations: {team: orders, "prometheus.io/scrape": "true"}
`;

const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
    - deployment.yaml   # four-space indent kept
images:
    - name: ghcr.io/shop/payment
      newTag: 1.4.0
    - name: ghcr.io/shop/cart
      newTag: 2.0.1
`;

describe('parseYamlPath', () => {
  it('reads keys, indexes, item selectors and quoted keys', () => {
    expect(parseYamlPath('images[name=ghcr.io/shop/payment].newTag')).toEqual([
      { kind: 'key', key: 'images' },
      { kind: 'match', key: 'name', value: 'ghcr.io/shop/payment' },
      { kind: 'key', key: 'newTag' },
    ]);
    expect(parseYamlPath('env[0].value')).toEqual([
      { kind: 'key', key: 'env' },
      { kind: 'index', index: 0 },
      { kind: 'key', key: 'value' },
    ]);
    expect(parseYamlPath('podAnnotations["prometheus.io/scrape"]')).toEqual([
      { kind: 'key', key: 'podAnnotations' },
      { kind: 'key', key: 'prometheus.io/scrape' },
    ]);
  });

  it('refuses a path it cannot read, naming the character', () => {
    expect(() => parseYamlPath('image..tag')).toThrow('yamlPath "image..tag" cannot be read at character 6');
  });
});

describe('setYamlValue', () => {
  it('changes only the value, keeping its quotes, comments and blank lines', () => {
    const edit = setYamlValue(values, 'image.tag', '1.3.2');
    expect(edit.text).toBe(
      values.replace('tag: "1.4.0"  # deployed by Cairn', 'tag: "1.3.2"  # deployed by Cairn'),
    );
    expect(edit.previous).toBe('1.4.0');
    expect(edit.changed).toBe(true);
  });

  it('keeps a number a number and a single-quoted string single-quoted', () => {
    expect(setYamlValue(values, 'replicaCount', '5').text).toContain('replicaCount: 5 # scaled by Cairn');
    expect(setYamlValue(values, 'env[0].value', 'on').text).toContain("value: 'on'");
  });

  it('sets a kustomization image tag by image name, keeping four-space indentation', () => {
    const edit = setYamlValue(kustomization, 'images[name=ghcr.io/shop/payment].newTag', '1.3.2');
    expect(edit.text).toBe(kustomization.replace('newTag: 1.4.0', 'newTag: 1.3.2'));
    expect(getYamlValue(edit.text, 'images[name=ghcr.io/shop/cart].newTag')).toBe('2.0.1');
  });

  it('quotes a plain value that would otherwise read as another type', () => {
    const edit = setYamlValue(kustomization, 'images[name=ghcr.io/shop/payment].newTag', '1.5');
    expect(edit.text).toContain('newTag: "1.5"');
    expect(getYamlValue(edit.text, 'images[name=ghcr.io/shop/payment].newTag')).toBe('1.5');
  });

  it('edits a value inside a flow mapping', () => {
    const edit = setYamlValue(values, 'podAnnotations.team', 'payments');
    expect(edit.text).toContain('podAnnotations: {team: payments, "prometheus.io/scrape": "true"}');
  });

  it('reports an unchanged file when the value is already set', () => {
    const edit = setYamlValue(values, 'image.tag', '1.4.0');
    expect(edit).toMatchObject({ changed: false, text: values });
  });

  it('refuses a missing key and lists the keys that are there', () => {
    expect(() => setYamlValue(values, 'image.tga', '1.3.2')).toThrow(
      'image has no key "tga" (it has: repository, tag, pullPolicy)',
    );
    expect(() => setYamlValue(kustomization, 'images[name=ghcr.io/shop/search].newTag', '1')).toThrow(
      'images has no item with name=ghcr.io/shop/search (it has name: ghcr.io/shop/payment, ghcr.io/shop/cart)',
    );
  });

  it('creates missing keys and list items only when asked, keeping comments', () => {
    const edit = setYamlValue(values, 'resources.limits.memory', '512Mi', { createMissing: true });
    expect(getYamlValue(edit.text, 'resources.limits.memory')).toBe('512Mi');
    expect(edit.text).toContain('# deployed by Cairn');
    const added = setYamlValue(kustomization, 'images[name=ghcr.io/shop/search].newTag', '0.9.0', {
      createMissing: true,
    });
    expect(getYamlValue(added.text, 'images[name=ghcr.io/shop/search].newTag')).toBe('0.9.0');
  });

  it('refuses to replace a mapping with a value', () => {
    expect(() => setYamlValue(values, 'image', '1.3.2')).toThrow(
      'yamlPath "image" points at a mapping, not a single value',
    );
  });

  it('names the line of invalid YAML', () => {
    expect(() => setYamlValue('a: [1, 2\nb: 3\n', 'a', '1')).toThrow(
      /^the file is not valid YAML \(line \d\)/,
    );
  });
});
