import { randomBytes } from 'node:crypto';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type RequestId,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';

/** One `tools/call`, as the relay hands it to the decider. */
export interface McpToolCall {
  readonly tool: string;
  readonly arguments: Record<string, unknown>;
  /** The tool's annotations as the server listed them (hints from a server Airlock does not trust). */
  readonly annotations: Tool['annotations'] | undefined;
}

export type ToolVerdict =
  | { readonly outcome: 'allow'; readonly reason: string; readonly record?: number | undefined }
  | { readonly outcome: 'deny'; readonly reason: string; readonly record?: number | undefined };

/** What the decider can do besides deciding: ask the person at the client, when the client can. */
export interface DecideContext {
  /** Present only when the client declared the elicitation capability. Resolves true on an explicit yes. */
  readonly elicit?: ((message: string) => Promise<boolean>) | undefined;
}

export interface McpRelayOptions {
  /** The MCP client's side (stdio from the agent, or a Streamable HTTP session). */
  readonly downstream: Transport;
  /** The real server's side. */
  readonly upstream: Transport;
  decide(call: McpToolCall, context: DecideContext): Promise<ToolVerdict>;
  /**
   * Told how each forwarded call ended: the server's result (isError or not), or its JSON-RPC
   * error. The result reaches the client after this resolves (its record is written first).
   */
  onResult?(call: McpToolCall, verdict: ToolVerdict, status: 'ok' | 'tool-error' | 'rpc-error'): Promise<void> | void;
  /** May remove tools from a tools/list result (observe autonomy hides tools that write). */
  filterTools?(tools: Tool[]): Promise<Tool[]>;
  /** Anything the relay could not handle (logged by the caller). */
  onError?(error: Error): void;
}

export interface McpRelay {
  start(): Promise<void>;
  close(): Promise<void>;
  /** Resolves when either side has closed (and the other was closed in turn). */
  readonly closed: Promise<void>;
}

/**
 * Ids of the relay's own requests start with this. Each relay adds a random part, so neither side
 * can guess a pending id, and any request *from* either side that uses the prefix is refused.
 */
const OWN_ID_PREFIX = 'airlock-';

/**
 * Sits between an MCP client and an MCP server on the SDK's transports, and forwards every
 * message unchanged — initialize and capabilities, resources, prompts, notifications, progress,
 * cancellation, pings, the server's own requests (sampling, elicitation, roots) — with the same
 * ids, so nothing is renumbered and a cancellation or progress token still means what it meant.
 * The one exception is `tools/call`: it is held until Airlock decides; `allow` forwards it as it
 * was, `deny` answers it with a tool result `isError: true` carrying the reason, so the model sees
 * why and can change course.
 */
export function createMcpRelay(options: McpRelayOptions): McpRelay {
  const { downstream, upstream } = options;
  const annotations = new Map<string, Tool['annotations'] | undefined>();
  /** tools/list requests from the client, by id: their results pass through filterTools. */
  const toolListRequests = new Set<RequestId>();
  /** Forwarded tools/call requests, by id, for the result record. */
  const forwardedCalls = new Map<RequestId, { call: McpToolCall; verdict: ToolVerdict }>();
  /** Progress tokens of the client's requests, so a server's progress goes back on that request's stream. */
  const progressOwners = new Map<string | number, RequestId>();
  /**
   * The relay's own requests (elicitation to the client, tools/list to the server), by id, with
   * the side each went to: only that side may answer it. (A server must never be able to answer
   * the elicitation that asks the person whether to run its own tool.)
   */
  const pending = new Map<string, { side: Transport; resolve: (message: JSONRPCMessage) => void }>();
  /** Held tools/call ids the client cancelled while Airlock was deciding: never forwarded. */
  const cancelledWhileHeld = new Set<RequestId>();
  const held = new Set<RequestId>();
  let ownIds = 0;
  const ownPrefix = `${OWN_ID_PREFIX}${randomBytes(9).toString('base64url')}-`;
  const reserved = (id: RequestId) => typeof id === 'string' && id.startsWith(OWN_ID_PREFIX);
  let clientCanElicit = false;
  let closing = false;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));

  const fail = (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error)));
  const toClient = (message: JSONRPCMessage, relatedRequestId?: RequestId) =>
    downstream.send(message, relatedRequestId === undefined ? undefined : { relatedRequestId }).catch(fail);
  const toServer = (message: JSONRPCMessage) => upstream.send(message).catch(fail);

  /** Sends one of the relay's own requests and waits for its answer. */
  function ownRequest(side: Transport, method: string, params: Record<string, unknown>, relatedRequestId?: RequestId): Promise<JSONRPCMessage> {
    const id = `${ownPrefix}${++ownIds}`;
    return new Promise((resolve, reject) => {
      pending.set(id, { side, resolve });
      side.send({ jsonrpc: '2.0', id, method, params }, relatedRequestId === undefined ? undefined : { relatedRequestId }).catch((error: unknown) => {
        pending.delete(id);
        reject(error);
      });
    });
  }

  function takeOwnResponse(message: JSONRPCMessage, from: Transport): boolean {
    if (!(isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message))) return false;
    const id = message.id;
    if (typeof id !== 'string' || !id.startsWith(OWN_ID_PREFIX)) return false;
    // Anything in the reserved range is the relay's: believed only from the side it was sent to.
    const waiter = pending.get(id);
    // An answer to a request we never sent to this side is dropped, not passed on or believed.
    if (!waiter || waiter.side !== from) return true;
    pending.delete(id);
    waiter.resolve(message);
    return true;
  }

  /** A server's annotations for a tool: from a tools/list already seen, else asked for once. */
  async function annotationsOf(tool: string): Promise<Tool['annotations'] | undefined> {
    if (annotations.has(tool)) return annotations.get(tool);
    let cursor: string | undefined;
    for (let page = 0; page < 20; page += 1) {
      const answer = await ownRequest(upstream, 'tools/list', cursor ? { cursor } : {});
      if (!isJSONRPCResultResponse(answer)) break;
      const result = answer.result as { tools?: Tool[]; nextCursor?: string };
      for (const listed of result.tools ?? []) annotations.set(listed.name, listed.annotations);
      if (annotations.has(tool) || !result.nextCursor) break;
      cursor = result.nextCursor;
    }
    if (!annotations.has(tool)) annotations.set(tool, undefined);
    return annotations.get(tool);
  }

  async function handleToolCall(request: JSONRPCRequest): Promise<void> {
    const params = (request.params ?? {}) as { name?: unknown; arguments?: unknown };
    const deny = (reason: string) =>
      toClient({ jsonrpc: '2.0', id: request.id, result: { content: [{ type: 'text', text: reason }], isError: true } }, request.id);
    if (typeof params.name !== 'string') {
      await toClient({ jsonrpc: '2.0', id: request.id, error: { code: -32602, message: 'Airlock: tools/call needs a tool name' } }, request.id);
      return;
    }
    // Airlock must judge exactly what the server will get: arguments that are not a plain object,
    // or that carry a `__proto__` key a server might merge into its own objects, are refused.
    if (params.arguments !== undefined && (params.arguments === null || typeof params.arguments !== 'object' || Array.isArray(params.arguments))) {
      await deny('Airlock blocked this tool call: its arguments are not an object');
      return;
    }
    if (params.arguments !== undefined && Object.prototype.hasOwnProperty.call(params.arguments, '__proto__')) {
      await deny('Airlock blocked this tool call: its arguments carry a "__proto__" key');
      return;
    }
    const args = (params.arguments ?? {}) as Record<string, unknown>;
    let verdict: ToolVerdict;
    const call: McpToolCall = { tool: params.name, arguments: args, annotations: undefined };
    try {
      const withHints: McpToolCall = { ...call, annotations: await annotationsOf(params.name) };
      verdict = await options.decide(withHints, {
        elicit: clientCanElicit ? (message) => elicit(message, request.id) : undefined,
      });
      Object.assign(call, { annotations: withHints.annotations });
    } catch (error) {
      fail(error);
      await deny(`Airlock blocked this tool call: ${(error as Error).message}`);
      return;
    }
    if (verdict.outcome !== 'allow') {
      await deny(verdict.reason);
      return;
    }
    if (cancelledWhileHeld.delete(request.id)) return; // the client gave up on it: do not run it now
    forwardedCalls.set(request.id, { call, verdict });
    await toServer(request);
  }

  /** Asks the person at the client through MCP elicitation; only an explicit accept with approve=true is a yes. */
  async function elicit(message: string, relatedRequestId: RequestId): Promise<boolean> {
    const answer = await ownRequest(
      downstream,
      'elicitation/create',
      {
        message,
        requestedSchema: {
          type: 'object',
          properties: { approve: { type: 'boolean', title: 'Run it', description: 'Let the agent make exactly this change, once' } },
          required: ['approve'],
        },
      },
      relatedRequestId,
    );
    if (!isJSONRPCResultResponse(answer)) return false;
    const result = answer.result as { action?: unknown; content?: { approve?: unknown } };
    return result.action === 'accept' && result.content?.approve === true;
  }

  downstream.onmessage = (message: JSONRPCMessage) => {
    if (takeOwnResponse(message, downstream)) return;
    if (isJSONRPCNotification(message)) {
      // A request sent as a notification (no id) never gets a decision, so it never gets through.
      if (!message.method.startsWith('notifications/')) return;
      if (message.method === 'notifications/cancelled') {
        const requestId = (message.params as { requestId?: RequestId } | undefined)?.requestId;
        if (requestId !== undefined && held.has(requestId)) cancelledWhileHeld.add(requestId);
      }
    }
    if (isJSONRPCRequest(message)) {
      if (reserved(message.id) || (message.method === 'tools/call' && held.has(message.id))) {
        void toClient({ jsonrpc: '2.0', id: message.id, error: { code: -32600, message: `Airlock: request id ${JSON.stringify(message.id)} is reserved or already in use; use another id` } }, message.id);
        return;
      }
      if (message.method === 'initialize') {
        const capabilities = (message.params as { capabilities?: { elicitation?: unknown } } | undefined)?.capabilities;
        clientCanElicit = capabilities?.elicitation !== undefined && capabilities.elicitation !== null;
      }
      const token = (message.params as { _meta?: { progressToken?: string | number } } | undefined)?._meta?.progressToken;
      if (token !== undefined) progressOwners.set(token, message.id);
      if (message.method === 'tools/call') {
        held.add(message.id);
        handleToolCall(message)
          .catch(fail)
          .finally(() => {
            held.delete(message.id);
            cancelledWhileHeld.delete(message.id);
          });
        return;
      }
      if (message.method === 'tools/list') toolListRequests.add(message.id);
    }
    void toServer(message);
  };

  // Everything from the server goes to the client in the order it came, even when a step in
  // between is asynchronous (recording a result, filtering a tools/list).
  let outbound = Promise.resolve();
  upstream.onmessage = (message: JSONRPCMessage) => {
    if (takeOwnResponse(message, upstream)) return;
    if (isJSONRPCRequest(message) && reserved(message.id)) {
      // A server asking the client something under the relay's ids could pass off the client's
      // answer as the answer to Airlock's own question: refused.
      void toServer({ jsonrpc: '2.0', id: message.id, error: { code: -32600, message: 'Airlock: request ids starting with "airlock-" are reserved' } });
      return;
    }
    if (isJSONRPCNotification(message) && message.method === 'notifications/tools/list_changed') annotations.clear();
    outbound = outbound.then(() => fromServer(message)).catch(fail);
  };

  async function fromServer(message: JSONRPCMessage): Promise<void> {
    if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) {
      const id = message.id;
      const forwarded = id === undefined ? undefined : forwardedCalls.get(id);
      if (forwarded && id !== undefined) {
        forwardedCalls.delete(id);
        const status = isJSONRPCErrorResponse(message) ? 'rpc-error' : (message.result as { isError?: unknown }).isError === true ? 'tool-error' : 'ok';
        try {
          await options.onResult?.(forwarded.call, forwarded.verdict, status);
        } catch (error) {
          fail(error);
        }
      }
      if (id !== undefined && toolListRequests.has(id)) {
        toolListRequests.delete(id);
        if (isJSONRPCResultResponse(message)) {
          await relayToolList(message.result as { tools?: Tool[] }, id);
          return;
        }
      }
      for (const [token, owner] of progressOwners) if (owner === id) progressOwners.delete(token);
      await toClient(message, id);
      return;
    }
    if (isJSONRPCNotification(message) && message.method === 'notifications/progress') {
      const token = (message.params as { progressToken?: string | number } | undefined)?.progressToken;
      await toClient(message, token === undefined ? undefined : progressOwners.get(token));
      return;
    }
    await toClient(message);
  }

  async function relayToolList(result: { tools?: Tool[] }, id: RequestId): Promise<void> {
    const tools = result.tools ?? [];
    for (const tool of tools) annotations.set(tool.name, tool.annotations);
    let shown = tools;
    try {
      if (options.filterTools) shown = await options.filterTools(tools);
    } catch (error) {
      fail(error);
    }
    await toClient({ jsonrpc: '2.0', id, result: { ...result, tools: shown } } as JSONRPCMessage, id);
  }

  const shutDown = async () => {
    if (closing) return;
    closing = true;
    await Promise.allSettled([downstream.close(), upstream.close()]);
    resolveClosed();
  };
  downstream.onclose = () => void shutDown();
  upstream.onclose = () => void shutDown();
  downstream.onerror = fail;
  upstream.onerror = fail;

  return {
    async start() {
      await upstream.start();
      await downstream.start();
    },
    close: shutDown,
    closed,
  };
}
