export { type ChannelRegistry, type ChannelSender, createChannelRegistry } from './channel-registry.ts';
export {
  CHANNEL_KINDS,
  type ChannelKind,
  type ChannelTarget,
  DeliveryError,
  type DeliveryResult,
  type IncidentMessage,
} from './contract.ts';
export { messageFields, messageLines } from './message-format.ts';
export {
  createNotifier,
  type Notifier,
  type NotifierDeps,
  type NotifyRoute,
  type ServiceOwners,
} from './notifier.service.ts';
