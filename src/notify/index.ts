export { NOTIFICATION_EVENT_TYPES, approvalUrl } from './notification-event.js';
export type { NotificationEvent, NotificationEventType } from './notification-event.js';
export { TARGET_KINDS, redactTarget } from './delivery-report.js';
export type { DeliveryReport, TargetKind } from './delivery-report.js';
export { DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS, MAX_IN_FLIGHT_PER_TARGET, MAX_QUEUED_PER_TARGET, createNotifier } from './notifier.js';
export type { Notifier, NotifierOptions } from './notifier.js';
export { buildSlackMessage, escapeMrkdwn } from './slack-message.js';
export type { SlackBlock, SlackButton, SlackMessage, SlackText } from './slack-message.js';
export { buildWebhookPayload } from './webhook-payload.js';
export type { WebhookApprovalView, WebhookPayload } from './webhook-payload.js';
export {
  DEFAULT_TOLERANCE_SECONDS,
  SIGNATURE_VERSION,
  WEBHOOK_HEADERS,
  signWebhookBody,
  verifyWebhookSignature,
  webhookHeaders,
} from './webhook-signature.js';
export type { VerifyWebhookSignatureOptions } from './webhook-signature.js';
