import Form from '@rjsf/core';
import validator from '@rjsf/validator-ajv8';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { apiFetch } from '../../api/client.ts';
import { useManagedBy } from '../../api/managed-by.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { ManagedByBadge } from '../../components/managed-by-badge.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import type { TemplateSummary } from './create-page.tsx';
import { pickerFields } from './picker-fields.tsx';
import { formSchemas } from './template-schema.ts';

interface DryRun {
  status: string;
  error: string | null;
  files: { path: string; content: string | null; sizeBytes: number }[];
}

/** A template's parameters as a form (rjsf, the actions' form library); run it or dry-run it. */
export function TemplateFormPage() {
  const { name = '' } = useParams();
  const navigate = useNavigate();
  const query = useApiQuery<TemplateSummary>(`/api/v1/templates/${encodeURIComponent(name)}`);
  const managedBy = useManagedBy('templates', name);
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [preview, setPreview] = useState<DryRun | null>(null);
  const [openFile, setOpenFile] = useState<string | null>(null);
  const start = useApiMutation<Record<string, unknown>, { id: string }>({
    request: (body) =>
      apiFetch(`/api/v1/templates/${encodeURIComponent(name)}/tasks`, {
        method: 'POST',
        body: JSON.stringify({ values: body }),
      }),
    invalidates: ['/api/v1/tasks'],
    onSuccess: (task) => navigate(`/create/tasks/${task.id}`),
  });
  const dryRun = useApiMutation<Record<string, unknown>, DryRun>({
    request: (body) =>
      apiFetch(`/api/v1/templates/${encodeURIComponent(name)}/dry-run`, {
        method: 'POST',
        body: JSON.stringify({ values: body }),
      }),
    invalidates: [],
    onSuccess: (result) => setPreview(result),
  });
  const schemas = useMemo(() => (query.data ? formSchemas(query.data.parameters) : null), [query.data]);
  const error = start.error ?? dryRun.error;
  return (
    <>
      <PageHeader
        title={query.data?.title ?? name}
        description={
          managedBy ? (
            <span className="meta-line">
              {query.data?.description ? <span>{query.data.description}</span> : null}
              <ManagedByBadge managedBy={managedBy} />
            </span>
          ) : (
            query.data?.description
          )
        }
      />
      <ApiView query={query} errorTitle="Could not load the template" rows={6}>
        {() =>
          schemas ? (
            <div className="template-form">
              {error ? (
                <p className="notice-line text-danger" role="alert">
                  {error.message}
                </p>
              ) : null}
              <Form
                schema={schemas.schema}
                uiSchema={{ ...schemas.uiSchema, 'ui:submitButtonOptions': { submitText: 'Create' } }}
                formData={values}
                fields={pickerFields}
                validator={validator}
                onChange={(event) => setValues((event.formData ?? {}) as Record<string, unknown>)}
                onSubmit={(event) => start.mutate((event.formData ?? {}) as Record<string, unknown>)}
                disabled={start.isPending}
                // Ajv compiles its checks with new Function, which the portal's CSP (script-src
                // 'self') forbids; the server validates the parameters and its 400 names the field.
                noValidate
              />
              <button
                type="button"
                className="button"
                disabled={dryRun.isPending}
                onClick={() => dryRun.mutate(values)}
              >
                Preview (dry run)
              </button>
              {preview ? (
                <section aria-label="Dry run" className="card">
                  <h2>
                    {preview.files.length} files{' '}
                    {preview.status === 'failed' ? `· failed: ${preview.error}` : ''}
                  </h2>
                  <ul className="file-list">
                    {preview.files.map((file) => (
                      <li key={file.path}>
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => setOpenFile(openFile === file.path ? null : file.path)}
                        >
                          {file.path}
                        </button>
                        {openFile === file.path ? (
                          <pre>{file.content ?? `(binary, ${file.sizeBytes} bytes)`}</pre>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}
            </div>
          ) : null
        }
      </ApiView>
    </>
  );
}
