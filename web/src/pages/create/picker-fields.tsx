import type { FieldProps, RegistryFieldsType } from '@rjsf/utils';
import { useApiQuery } from '../../api/queries.ts';
import { repoUrlOf, repoUrlParts } from './template-schema.ts';

/*
 * A field's onChange takes the field's own path: an empty path would replace the whole form's
 * data with this field's value.
 */

/** RepoUrlPicker: host (from `allowedHosts` when given), owner and repository. */
function RepoUrlPicker({ formData, onChange, uiSchema, schema, required, fieldPathId }: FieldProps) {
  const options = (uiSchema?.['ui:options'] ?? {}) as { allowedHosts?: string[]; allowedOwners?: string[] };
  const parts = repoUrlParts(formData);
  const hosts = options.allowedHosts ?? [];
  const host = parts.host || hosts[0] || '';
  const id = fieldPathId.$id;
  const set = (change: Partial<typeof parts>) => {
    const next = { ...parts, host, ...change };
    // Any part typed keeps the value (the host is usually typed first); all empty clears it.
    onChange(next.host || next.owner || next.repo ? repoUrlOf(next) : undefined, fieldPathId.path);
  };
  return (
    <fieldset className="repo-url-picker">
      <legend>
        {schema.title ?? 'Repository'}
        {required ? ' *' : ''}
      </legend>
      <label className="inline-field" htmlFor={`${id}-host`}>
        Host
      </label>
      {hosts.length > 0 ? (
        <select id={`${id}-host`} value={host} onChange={(e) => set({ host: e.target.value })}>
          {hosts.map((h) => (
            <option key={h}>{h}</option>
          ))}
        </select>
      ) : (
        <input id={`${id}-host`} value={host} onChange={(e) => set({ host: e.target.value })} />
      )}
      <label className="inline-field" htmlFor={`${id}-owner`}>
        Owner
      </label>
      {options.allowedOwners?.length ? (
        <select id={`${id}-owner`} value={parts.owner} onChange={(e) => set({ owner: e.target.value })}>
          <option value="" />
          {options.allowedOwners.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      ) : (
        <input id={`${id}-owner`} value={parts.owner} onChange={(e) => set({ owner: e.target.value })} />
      )}
      <label className="inline-field">
        Repository
        <input value={parts.repo} onChange={(e) => set({ repo: e.target.value })} />
      </label>
    </fieldset>
  );
}

/** OwnerPicker: the catalog's teams, as `group:default/<name>`. */
function OwnerPicker({ formData, onChange, schema, required, fieldPathId }: FieldProps) {
  const teams = useApiQuery<{ items: { name: string }[] }>('/api/v1/teams');
  return (
    <label className="form-field">
      {schema.title ?? 'Owner'}
      {required ? ' *' : ''}
      <select
        value={typeof formData === 'string' ? formData : ''}
        onChange={(e) => onChange(e.target.value || undefined, fieldPathId.path)}
      >
        <option value="">Choose a team</option>
        {(teams.data?.items ?? []).map((team) => (
          <option key={team.name} value={`group:default/${team.name}`}>
            {team.name}
          </option>
        ))}
      </select>
      {schema.description ? <small>{schema.description}</small> : null}
    </label>
  );
}

/** EntityPicker: a catalog service by name. */
function EntityPicker({ formData, onChange, schema, required, fieldPathId }: FieldProps) {
  const services = useApiQuery<{ items: { name: string }[] }>('/api/v1/services');
  return (
    <label className="form-field">
      {schema.title ?? 'Entity'}
      {required ? ' *' : ''}
      <select
        value={typeof formData === 'string' ? formData : ''}
        onChange={(e) => onChange(e.target.value || undefined, fieldPathId.path)}
      >
        <option value="">Choose a service</option>
        {(services.data?.items ?? []).map((service) => (
          <option key={service.name} value={`component:default/${service.name}`}>
            {service.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The `ui:field` pickers Cairn fills; EntityNamePicker is a plain text field checked by the server. */
export const pickerFields: RegistryFieldsType = {
  RepoUrlPicker,
  OwnerPicker,
  EntityPicker,
};
