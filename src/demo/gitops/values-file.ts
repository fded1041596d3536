import { parseDocument } from 'yaml';

/** Where a service's production values live in the deployment repository. */
export function valuesPath(service: string): string {
  return `production/${service}/values.yaml`;
}

/** The Helm values file a service starts with: its image and the tag Argo CD rolls out. */
export function initialValues(service: string, image: string, tag: string): string {
  return [
    `# ${service} in production. Argo CD application "${service}" syncs this file; a commit that`,
    '# changes image.tag is a deploy.',
    'image:',
    `  repository: ${image}`,
    `  tag: "${tag}"`,
    'replicaCount: 2',
    '',
  ].join('\n');
}

/** `image.tag` of a values file, or undefined when the file does not set one as text or number. */
export function readImageTag(text: string): string | undefined {
  const document = parseDocument(text);
  if (document.errors.length > 0) return undefined;
  const tag: unknown = document.getIn(['image', 'tag']);
  return typeof tag === 'string' || typeof tag === 'number' ? String(tag) : undefined;
}

/** The file with `image.tag` set to `tag` (quoted, as tags like 1.10 must stay strings); comments kept. */
export function withImageTag(text: string, tag: string): string {
  const document = parseDocument(text);
  const node = document.createNode(tag);
  node.type = 'QUOTE_DOUBLE';
  document.setIn(['image', 'tag'], node);
  return document.toString();
}
