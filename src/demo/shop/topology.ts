/**
 * The simulated shop: an Online Boutique-like set of services, what each operation calls, and how
 * long its own work takes. Data only; request-simulator.ts walks it.
 */

export const SHOP_SERVICES = [
  'frontend',
  'cart',
  'checkout',
  'payment',
  'shipping',
  'currency',
  'productcatalog',
  'recommendation',
  'ads',
  'email',
] as const;
export type ShopService = (typeof SHOP_SERVICES)[number];

/** How a service's deploys reach Cairn: GitHub deployment webhooks or Argo CD notifications. */
export type DeploySource = 'github' | 'argocd';

export interface ServiceProfile {
  /** Catalog name (`metadata.name` in examples/catalog). */
  name: ShopService;
  /** OTel `service.name`; differs where the catalog says so (`cairn.dev/telemetry-service-name`). */
  telemetryName: string;
  /** The image tag the deployment repository starts with (a new data dir). */
  version: string;
  /** GitHub repository (`github.com/project-slug` annotation in the catalog). */
  repository: string;
  /** Argo CD application (`argocd/app-name` annotation in the catalog). */
  argocdApp: string;
  deploySource: DeploySource;
  /** Share of one CPU used at peak traffic, before any fault. */
  peakCpu: number;
}

/** Telemetry names that differ from catalog names, as examples/catalog declares them. */
const TELEMETRY_NAMES: Partial<Record<ShopService, string>> = {
  ads: 'ad',
  productcatalog: 'product-catalog',
};

const profile = (name: ShopService, version: string, deploySource: DeploySource, peakCpu: number) => ({
  name,
  telemetryName: TELEMETRY_NAMES[name] ?? name,
  version,
  repository: `acme-shop/${name}`,
  argocdApp: name,
  deploySource,
  peakCpu,
});

export const SERVICE_PROFILES: Record<ShopService, ServiceProfile> = {
  frontend: profile('frontend', '2.8.1', 'argocd', 0.45),
  cart: profile('cart', '1.12.0', 'argocd', 0.3),
  checkout: profile('checkout', '3.2.4', 'github', 0.35),
  payment: profile('payment', '1.3.2', 'github', 0.25),
  shipping: profile('shipping', '1.0.9', 'argocd', 0.15),
  currency: profile('currency', '0.9.3', 'argocd', 0.4),
  productcatalog: profile('productcatalog', '2.1.0', 'github', 0.35),
  recommendation: profile('recommendation', '1.6.2', 'github', 0.5),
  ads: profile('ads', '1.1.4', 'argocd', 0.2),
  email: profile('email', '0.4.7', 'github', 0.1),
};

/** One unit of downstream work inside an operation, done in order. */
export type Step =
  | {
      kind: 'call';
      /** `service/operation` key into OPERATIONS. */
      operation: string;
      /** A failed critical call fails the caller; a non-critical one is logged and degraded. */
      critical: boolean;
      /** Probability the step happens at all (cache hits, optional widgets). */
      probability?: number;
    }
  | {
      kind: 'db';
      system: 'postgresql' | 'redis';
      /** Span name, e.g. `SELECT products` or `HGET`. */
      name: string;
      statement: string;
      medianMs: number;
    }
  | { kind: 'external'; peer: 'stripe'; host: 'api.stripe.com'; name: string; url: string; medianMs: number };

export interface Operation {
  service: ShopService;
  /** Span name of the server span. */
  name: string;
  /** `http` for the frontend's routes, `grpc` for the backends. */
  protocol: 'http' | 'grpc';
  /** HTTP method and route template, for `http` operations. */
  http?: { method: string; route: string };
  /** Median of the operation's own work, excluding its steps; sigma of the log-normal. */
  selfMedianMs: number;
  sigma: number;
  steps: Step[];
}

const call = (operation: string, critical = true, probability?: number): Step =>
  probability === undefined
    ? { kind: 'call', operation, critical }
    : { kind: 'call', operation, critical, probability };
const postgres = (name: string, statement: string, medianMs: number): Step => ({
  kind: 'db',
  system: 'postgresql',
  name,
  statement,
  medianMs,
});
const redis = (name: string, statement: string): Step => ({
  kind: 'db',
  system: 'redis',
  name,
  statement,
  medianMs: 0.6,
});
const grpc = (service: ShopService, method: string, selfMedianMs: number, steps: Step[] = []): Operation => ({
  service,
  name: `oteldemo.${grpcServiceName(service)}/${method}`,
  protocol: 'grpc',
  selfMedianMs,
  sigma: 0.5,
  steps,
});
const http = (method: string, route: string, selfMedianMs: number, steps: Step[]): Operation => ({
  service: 'frontend',
  name: `${method} ${route}`,
  protocol: 'http',
  http: { method, route },
  selfMedianMs,
  // Page rendering has the heaviest tail (GC pauses, large carts).
  sigma: 0.8,
  steps,
});

/** gRPC service names as the Online Boutique protos spell them. */
export function grpcServiceName(service: ShopService): string {
  const names: Record<ShopService, string> = {
    frontend: 'Frontend',
    cart: 'CartService',
    checkout: 'CheckoutService',
    payment: 'PaymentService',
    shipping: 'ShippingService',
    currency: 'CurrencyService',
    productcatalog: 'ProductCatalogService',
    recommendation: 'RecommendationService',
    ads: 'AdService',
    email: 'EmailService',
  };
  return names[service];
}

/** Every operation by `service/method` key. */
export const OPERATIONS: Record<string, Operation> = {
  'cart/GetCart': grpc('cart', 'GetCart', 0.8, [redis('HGET', 'HGET cart:{userId}')]),
  'cart/AddItem': grpc('cart', 'AddItem', 1, [
    redis('HGET', 'HGET cart:{userId}'),
    redis('HSET', 'HSET cart:{userId} {productId} {quantity}'),
  ]),
  'cart/EmptyCart': grpc('cart', 'EmptyCart', 0.6, [redis('DEL', 'DEL cart:{userId}')]),
  'productcatalog/ListProducts': grpc('productcatalog', 'ListProducts', 1.5, [
    postgres('SELECT products', 'SELECT id, name, description, price_usd FROM products ORDER BY id', 3),
  ]),
  'productcatalog/GetProduct': grpc('productcatalog', 'GetProduct', 0.8, [
    postgres('SELECT products', 'SELECT id, name, description, price_usd FROM products WHERE id = $1', 1.5),
  ]),
  'currency/GetSupportedCurrencies': grpc('currency', 'GetSupportedCurrencies', 0.4),
  'currency/Convert': grpc('currency', 'Convert', 0.6),
  'recommendation/ListRecommendations': grpc('recommendation', 'ListRecommendations', 4, [
    call('productcatalog/ListProducts'),
  ]),
  'ads/GetAds': grpc('ads', 'GetAds', 1.2),
  'shipping/GetQuote': grpc('shipping', 'GetQuote', 1),
  'shipping/ShipOrder': grpc('shipping', 'ShipOrder', 2.5),
  'payment/Charge': grpc('payment', 'Charge', 2, [
    {
      kind: 'external',
      peer: 'stripe',
      host: 'api.stripe.com',
      name: 'POST /v1/charges',
      url: 'https://api.stripe.com/v1/charges',
      medianMs: 180,
    },
  ]),
  'email/SendOrderConfirmation': grpc('email', 'SendOrderConfirmation', 6),
  'checkout/PlaceOrder': grpc('checkout', 'PlaceOrder', 3, [
    call('cart/GetCart'),
    call('productcatalog/GetProduct'),
    call('currency/Convert'),
    call('shipping/GetQuote'),
    call('payment/Charge'),
    call('shipping/ShipOrder'),
    postgres(
      'INSERT orders',
      'INSERT INTO orders (id, user_id, total_usd, created_at) VALUES ($1, $2, $3, now())',
      4,
    ),
    call('cart/EmptyCart', false),
    call('email/SendOrderConfirmation', false),
  ]),
  'frontend/home': http('GET', '/', 4, [
    call('currency/GetSupportedCurrencies'),
    call('productcatalog/ListProducts'),
    call('cart/GetCart'),
    call('ads/GetAds', false),
  ]),
  'frontend/product': http('GET', '/product/{id}', 3, [
    call('productcatalog/GetProduct'),
    call('currency/GetSupportedCurrencies'),
    call('currency/Convert'),
    call('cart/GetCart'),
    call('recommendation/ListRecommendations', false),
    call('ads/GetAds', false, 0.8),
  ]),
  'frontend/add-to-cart': http('POST', '/cart', 2, [call('productcatalog/GetProduct'), call('cart/AddItem')]),
  'frontend/view-cart': http('GET', '/cart', 3, [
    call('cart/GetCart'),
    call('currency/Convert'),
    call('shipping/GetQuote'),
    call('recommendation/ListRecommendations', false),
  ]),
  'frontend/checkout': http('POST', '/cart/checkout', 3, [call('checkout/PlaceOrder')]),
};

/** What users do on the site, by share of requests. */
export const ENTRY_POINTS: ReadonlyArray<{ weight: number; value: string }> = [
  { weight: 35, value: 'frontend/home' },
  { weight: 30, value: 'frontend/product' },
  { weight: 12, value: 'frontend/add-to-cart' },
  { weight: 8, value: 'frontend/view-cart' },
  { weight: 15, value: 'frontend/checkout' },
];

/** The operation behind a key; a typo in the data above is a bug, so it throws. */
export function operationOf(key: string): Operation {
  const operation = OPERATIONS[key];
  if (!operation) throw new Error(`unknown operation "${key}"`);
  return operation;
}
