import Form from '@rjsf/core';
import type { UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { apiFetch } from '../../api/client.ts';
import type { ActionDetail, Run } from '../../api/contracts.ts';
import { useManagedBy } from '../../api/managed-by.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { ManagedByBadge } from '../../components/managed-by-badge.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { withQuery } from '../../lib/query-string.ts';
import { formSchemaFor, prefillFrom } from './action-form.ts';

/**
 * The run form of one action, generated from its inputs' JSON Schema, at a shareable address:
 * `/actions/{id}/run?service=payment&version=1.3.2` opens it prefilled. Cairn fills the pickers
 * (environments, versions this service has run) for the chosen service.
 */
export function RunActionPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const service = params.get('service') ?? '';
  const query = useApiQuery<ActionDetail>(
    withQuery(`/api/v1/actions/${encodeURIComponent(id)}`, { service }),
    { keepPrevious: true },
  );
  return (
    <ApiView
      query={query}
      errorTitle="Could not load this action"
      rows={6}
      notFound={() => (
        <>
          <PageHeader title="Action not found" />
          <EmptyState title={`No action “${id}”`}>
            <p>The link may be wrong, or the action's definition has a problem.</p>
          </EmptyState>
        </>
      )}
    >
      {(action) => (
        <RunActionForm
          key={`${action.id}:${service}`}
          action={action}
          service={service}
          params={params}
          onService={(next) =>
            setParams(
              (current) => {
                const copy = new URLSearchParams(current);
                if (next) copy.set('service', next);
                else copy.delete('service');
                return copy;
              },
              { replace: true },
            )
          }
        />
      )}
    </ApiView>
  );
}

interface RunActionFormProps {
  action: ActionDetail;
  service: string;
  params: URLSearchParams;
  onService: (service: string) => void;
}

/** The form itself: target service, the generated inputs, and why the run is not allowed if so. */
export function RunActionForm({ action, service, params, onService }: RunActionFormProps) {
  const navigate = useNavigate();
  const managedBy = useManagedBy('actions', action.id);
  const [prefill] = useState(() => prefillFrom(action.inputs, params));
  const schema = useMemo(() => formSchemaFor(action, prefill), [action, prefill]);
  const [formData, setFormData] = useState<Record<string, unknown>>(prefill);
  const [serviceDraft, setServiceDraft] = useState(service);
  // Opened from an incident (`?incident=`): the run is linked to it and shows on its timeline.
  const incidentId = params.get('incident') || null;
  const start = useApiMutation<Record<string, unknown>, Run>({
    request: (inputs) =>
      apiFetch<Run>(`/api/v1/actions/${encodeURIComponent(action.id)}/runs`, {
        method: 'POST',
        body: JSON.stringify({
          ...(action.target === 'service' ? { service } : {}),
          inputs,
          ...(incidentId ? { incidentId } : {}),
        }),
      }),
    invalidates: ['/api/v1/runs'],
    onSuccess: (run) => void navigate(`/runs/${encodeURIComponent(run.id)}`),
  });
  const needsService = action.target === 'service' && service === '';
  const refused = action.mayRun && !action.mayRun.allowed ? action.mayRun.reason : null;
  const blocked = needsService ? 'Choose the service to run it on.' : refused;
  const uiSchema: UiSchema = {
    'ui:submitButtonOptions': {
      submitText: start.isPending ? 'Starting…' : 'Start run',
      props: { disabled: blocked !== null || start.isPending, className: 'button button-primary' },
    },
  };
  return (
    <>
      <PageHeader
        title={service ? `${action.title} · ${service}` : action.title}
        description={
          <span className="meta-line">
            {action.description ? <span>{action.description}</span> : null}
            <span>Executor: {action.executor}</span>
            <ManagedByBadge managedBy={managedBy} />
            <span>
              Approval: {action.approval === 'when' ? `when ${action.approvalWhen}` : action.approval}
              {action.approval !== 'never' ? ` (by ${action.guardrails.approvers.join(', ')})` : ''}
            </span>
            {service ? (
              <Link to={`/services/${encodeURIComponent(service)}?tab=actions`}>{service}</Link>
            ) : null}
            {incidentId ? (
              <span>
                For <Link to={`/incidents/${encodeURIComponent(incidentId)}`}>the incident</Link>: its
                timeline follows the run
              </span>
            ) : null}
          </span>
        }
      />
      <section className="card run-form" aria-label={`Run ${action.title}`}>
        {action.target === 'service' ? (
          <form
            className="service-field"
            onSubmit={(event) => {
              event.preventDefault();
              onService(serviceDraft.trim());
            }}
          >
            <label>
              Service{' '}
              <input
                name="service"
                value={serviceDraft}
                required
                onChange={(event) => setServiceDraft(event.target.value)}
                onBlur={() => serviceDraft.trim() !== service && onService(serviceDraft.trim())}
              />
            </label>
          </form>
        ) : null}
        {blocked ? (
          <p className="notice-line text-danger" role="status">
            {blocked}
          </p>
        ) : null}
        {action.guardrails.rules.length > 0 ? (
          <p className="muted">Rules: {action.guardrails.rules.map((r) => r.message).join('; ')}</p>
        ) : null}
        <Form
          schema={schema}
          uiSchema={uiSchema}
          validator={validator}
          formData={formData}
          disabled={start.isPending}
          showErrorList={false}
          // Ajv compiles schemas with \`new Function\`, which Cairn's Content-Security-Policy
          // (script-src 'self') forbids; the server checks the inputs against the same schema and
          // its 400 names the field, shown below.
          noValidate
          onChange={(event) => setFormData((event.formData ?? {}) as Record<string, unknown>)}
          onSubmit={(event) => {
            if (blocked === null) start.mutate((event.formData ?? {}) as Record<string, unknown>);
          }}
        />
        {start.error ? <ErrorPanel title="The run was not started" error={start.error} /> : null}
      </section>
    </>
  );
}
