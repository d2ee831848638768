export {
  type BounceStore,
  type BounceStoreOptions,
  type HistoryOptions,
  type HistoryPage,
  type RecordOutcome,
  type RejectedRecipient,
  type Stats,
  InvalidCursorError,
  createBounceStore,
} from './bounce-store';
export { SOFT_BOUNCE_REASONS, type SoftBouncePolicy } from './recipient-state';
export * from './records';
export * from './schema';
