/**
 * No container daemon runs here, so the image is not built: the Dockerfile is parsed and linted
 * (dockerfile-utils' validator, the one VS Code's Docker support uses) and its promises are checked
 * instruction by instruction. docs/deploy.md says what that leaves unverified.
 */
import { readFileSync } from 'node:fs';
import { type Copy, DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { KUSTOMIZE_DIR, renderKustomization } from './render-kustomize.ts';

const root = new URL('../../', import.meta.url);
const text = readFileSync(new URL('Dockerfile', root), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const packageJson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  devDependencies: Record<string, string>;
};
const dockerignore = readFileSync(new URL('.dockerignore', root), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

/** Instructions of the last stage (the image that ships). */
function runtimeStage() {
  const froms = dockerfile.getFROMs();
  const start = froms[froms.length - 1]?.getRange().start.line ?? 0;
  return dockerfile.getInstructions().filter((i) => i.getRange().start.line >= start);
}
const args = (keyword: string, instructions = dockerfile.getInstructions()) =>
  instructions.filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? '');

describe('Dockerfile', () => {
  it('has no lint problems', () => {
    expect(validate(text).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('is multi-stage on Node 24 pinned to the exact version package.json pins', () => {
    const froms = dockerfile.getFROMs();
    expect(froms.map((f) => f.getBuildStage())).toEqual(['build', 'runtime']);
    const nodeVersion = packageJson.devDependencies.node;
    expect(nodeVersion).toMatch(/^24\.\d+\.\d+$/);
    for (const from of froms) {
      expect(from.getImageName()).toBe('node');
      expect(from.getImageTag()).toBe(`${nodeVersion}-bookworm-slim`);
    }
  });

  it('ships production dependencies only, built in the first stage', () => {
    const buildRuns = args('RUN').join('\n');
    expect(buildRuns).toContain('npm ci --ignore-scripts');
    expect(buildRuns).toContain('npm prune --omit=dev');
    const runtime = runtimeStage();
    const copies = runtime
      .filter((i) => i.getKeyword() === 'COPY')
      .map((i) => `--from=${(i as Copy).getFromFlag()?.getValue()} ${i.getArgumentsContent()}`);
    expect(copies).toEqual([
      '--from=build /app/package.json /app/package-lock.json ./',
      '--from=build /app/node_modules ./node_modules',
      '--from=build /app/bin ./bin',
      '--from=build /app/src ./src',
      '--from=build /app/examples ./examples',
      '--from=build /app/web/dist ./web/dist',
    ]);
    // Nothing the runtime copies is kept out of the build context.
    for (const path of ['package.json', 'package-lock.json', 'bin', 'src', 'examples', 'web', 'scripts']) {
      expect(dockerignore).not.toContain(path);
    }
    expect(dockerignore).toEqual(
      expect.arrayContaining(['.git', '**/node_modules', 'web/dist', '**/*.test.ts']),
    );
  });

  it('runs as the non-root uid the manifests name, with a writable data dir volume and a health check', () => {
    const runtime = runtimeStage();
    expect(args('USER', runtime)).toEqual(['10001:10001']);
    const podSecurity = renderKustomization(`${KUSTOMIZE_DIR}overlays/single`).find(
      (o) => o.kind === 'Deployment',
    )?.spec.template.spec.securityContext;
    expect(podSecurity).toMatchObject({ runAsUser: 10001, runAsGroup: 10001 });
    expect(args('VOLUME', runtime)).toEqual(['["/data"]']);
    expect(args('RUN', runtime).join('\n')).toContain('chown cairn:cairn /data');
    expect(args('ENV', runtime).join(' ')).toContain('CAIRN_DATA_DIR=/data');
    expect(args('HEALTHCHECK', runtime).join('')).toContain("fetch('http://127.0.0.1:7420/healthz')");
    expect(args('ENTRYPOINT', runtime)).toEqual(['["node", "bin/cairn.js"]']);
    expect(args('CMD', runtime)).toEqual(['["up"]']);
  });
});
