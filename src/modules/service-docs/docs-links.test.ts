import { describe, expect, it } from 'vitest';
import { docsLinkTarget, pageCandidates } from './docs-links.ts';

describe('links written in a docs page', () => {
  it('resolves relative links from the page folder, with their fragment, decoded', () => {
    expect(docsLinkTarget('setup.md#before-you-start', 'guide/index.md')).toEqual({
      kind: 'file',
      path: 'guide/setup.md',
      fragment: 'before-you-start',
    });
    expect(docsLinkTarget('../img/my%20chart.png?v=2', 'guide/index.md')).toEqual({
      kind: 'file',
      path: 'img/my chart.png',
      fragment: null,
    });
  });

  it('says when a relative link leads out of the docs folder', () => {
    expect(docsLinkTarget('../../catalog-info.yaml', 'guide/index.md')).toEqual({
      kind: 'file',
      path: null,
      fragment: null,
    });
  });

  it('leaves URLs with a scheme and portal paths alone, and keeps same-page fragments', () => {
    expect(docsLinkTarget('https://example.com/x.md', 'index.md')).toEqual({ kind: 'outside' });
    expect(docsLinkTarget('mailto:team@example.com', 'index.md')).toEqual({ kind: 'outside' });
    expect(docsLinkTarget('/incidents', 'index.md')).toEqual({ kind: 'outside' });
    expect(docsLinkTarget('#usage', 'index.md')).toEqual({ kind: 'fragment', fragment: 'usage' });
  });

  it('reads folder links the MkDocs way', () => {
    expect(pageCandidates('guide/')).toEqual(['guide', 'guide.md', 'guide/index.md', 'guide/README.md']);
    expect(pageCandidates('.')).toEqual(['index.md', 'README.md']);
  });
});
