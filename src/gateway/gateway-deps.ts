import type { Config } from '../config/index.js';
import type { Runtime } from '../pipeline/index.js';
import type { GatewayStore } from '../store/index.js';
import type { ApprovalService } from './approval-service.js';
import type { GatewayEvents } from './gateway-events.js';

/** What the routes work with; assembled once by startGateway. */
export interface GatewayDeps {
  readonly runtime: Runtime;
  readonly config: Config;
  readonly store: GatewayStore;
  readonly approvals: ApprovalService;
  readonly events: GatewayEvents;
  /** Where people open the dashboard (for links given to agents and in notifications). */
  readonly dashboardUrl: string;
  readonly version: string;
}
