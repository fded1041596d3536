import { describe, expect, it } from 'vitest';
import {
  namedDependencies,
  namesDependency,
} from '../../src/modules/context/root-cause/named-dependencies.ts';

const edges = [
  { caller: 'ts-travel-service', callee: 'ts-basic-service', calls: 40 },
  { caller: 'checkout', callee: 'cart', calls: 12 },
  { caller: 'checkout', callee: 'checkout', calls: 3 },
];

describe('errors naming a dependency', () => {
  const dependencies = namedDependencies(edges);

  it('recognises a callee named as a whole word in its caller’s message', () => {
    expect(
      namesDependency(
        dependencies,
        'ts-travel-service',
        'Request processing failed; nested exception is IllegalStateException: No instances available for ts-basic-service]',
      ),
    ).toBe(true);
    expect(namesDependency(dependencies, 'checkout', 'GET http://cart:8080/items: connection refused')).toBe(
      true,
    );
  });

  it('ignores longer names, other services’ callees and the service itself', () => {
    expect(namesDependency(dependencies, 'checkout', 'cartservice timed out')).toBe(false);
    expect(
      namesDependency(dependencies, 'ts-travel-service', 'No instances available for ts-basic-services'),
    ).toBe(false);
    // Only the logger's own callees count: checkout does not call ts-basic-service.
    expect(namesDependency(dependencies, 'checkout', 'No instances available for ts-basic-service')).toBe(
      false,
    );
    // A self-call edge is not a dependency.
    expect(namesDependency(dependencies, 'checkout', 'checkout failed')).toBe(false);
    expect(dependencies.callers).toEqual(['ts-travel-service', 'checkout']);
  });
});
