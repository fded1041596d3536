/**
 * Templates from a config source, checked before they apply, with every problem at file:line: YAML
 * that does not parse, a document that is not a v1beta3 Template, a step id used twice, a template
 * name defined twice. A template's skeleton stays on disk and is read when a task runs, so the
 * templates of a git commit are read from a copy of that commit's files: a later commit (refused
 * or not) never changes the skeletons of the templates running.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { lineAtPath } from '../../kernel/yaml-lines.ts';
import {
  findTemplateFiles,
  type LoadedTemplate,
  readTemplateFile,
  TEMPLATE_FILE_NAMES,
  TemplateDocumentSchema,
} from './template-loader.ts';

export interface TemplateSourceProblem {
  file: string;
  line: number;
  message: string;
}

export interface TemplateSource {
  templates: LoadedTemplate[];
  /** Template name → its file in the source as read (not the copy), to link it to the source. */
  origins: Map<string, string>;
  problems: TemplateSourceProblem[];
}

type Path = Array<string | number>;

function templateFilesIn(path: string): string[] {
  return findTemplateFiles(path).filter(
    (file) => TEMPLATE_FILE_NAMES.some((name) => file.endsWith(name)) || /\.ya?ml$/.test(file),
  );
}

/** The problems of one template file; none means readTemplateFile will accept it. */
function checkTemplateFile(file: string): { name: string | null; problems: TemplateSourceProblem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      name: null,
      problems: document.errors.map((error) => ({
        file,
        line: lineCounter.linePos(error.pos[0]).line,
        message: `invalid YAML: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const at = (path: Path) => lineAtPath(document, lineCounter, path) ?? 1;
  const parsed = TemplateDocumentSchema.safeParse(document.toJS());
  if (!parsed.success) {
    return {
      name: null,
      problems: parsed.error.issues.map((issue) => {
        const path = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
        return { file, line: at(path), message: `${path.join('.') || '(document)'}: ${issue.message}` };
      }),
    };
  }
  const problems: TemplateSourceProblem[] = [];
  const ids = new Map<string, number>();
  parsed.data.spec.steps.forEach((step, index) => {
    const id = step.id ?? `step-${index}`;
    const first = ids.get(id);
    if (first !== undefined) {
      problems.push({
        file,
        line: at(['spec', 'steps', index, 'id']),
        message: `spec.steps[${index}].id: "${id}" is used twice; the first is step ${first}`,
      });
    } else ids.set(id, index);
  });
  return { name: parsed.data.metadata.name, problems };
}

/**
 * Every template under `dir` (a template.yaml, a folder holding one, or folders of them) and their
 * problems. With `copyTo` (a git commit's own folder), an accepted source is copied there once and
 * its templates are read from the copy.
 */
export function readTemplateSource(dir: string, copyTo: string | null): TemplateSource {
  const files = templateFilesIn(dir);
  const problems: TemplateSourceProblem[] = [];
  const firstFile = new Map<string, string>();
  for (const file of files) {
    const checked = checkTemplateFile(file);
    problems.push(...checked.problems);
    if (!checked.name) continue;
    const other = firstFile.get(checked.name);
    if (other) {
      problems.push({
        file,
        line: 1,
        message: `metadata.name: template "${checked.name}" is also defined in ${relative(dir, other) || other}`,
      });
    } else firstFile.set(checked.name, file);
  }
  if (problems.length > 0) return { templates: [], origins: new Map(), problems };
  let readFrom = dir;
  if (copyTo) {
    // .git holds no template; the copy is the commit's files only.
    if (!existsSync(copyTo))
      cpSync(dir, copyTo, { recursive: true, filter: (src) => basename(src) !== '.git' });
    readFrom = copyTo;
  }
  const templates: LoadedTemplate[] = [];
  const origins = new Map<string, string>();
  for (const file of templateFilesIn(readFrom)) {
    const template = readTemplateFile(file);
    templates.push(template);
    origins.set(template.name, join(dir, relative(readFrom, file)));
  }
  templates.sort((a, b) => a.name.localeCompare(b.name));
  return { templates, origins, problems: [] };
}
