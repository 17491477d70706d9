import { posix } from 'node:path';
import type { CommandContext, CommandHandler, CommandTable } from '../command-context.js';
import { effect } from '../effects.js';
import { hasOption, optionValue, optionValues, parseArgs } from '../options.js';
import { displayOf, literalOf, staticArg, type Arg } from '../words.js';
import { writeFileEffect } from './file-helpers.js';
import { isRemoteLocation } from './files.js';

/** An HTTP request that changes something on the server (`POST`, `PUT`, `PATCH`, `DELETE`). */
function remoteWrite(ctx: CommandContext, method: string, url: string): void {
  const deleting = method === 'DELETE';
  ctx.emit(
    effect(deleting ? 'delete' : 'update', 'http.endpoint', url, {
      reversible: false,
      destroysData: deleting,
      summary: `sends an HTTP ${method} request to ${url}, which may change or delete data there`,
    }),
  );
}

/** A file a download is saved to (`-o FILE`, `-O` naming it after the URL). */
function savedFile(ctx: CommandContext, file: Arg | undefined): void {
  if (!file || literalOf(file) === '-') return;
  writeFileEffect(ctx, ctx.path(file), 'overwrites');
}

function urlFileName(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/^[a-z]+:\/\/[^/]*/i, '');
  return posix.basename(path) || 'index.html';
}

const CURL_SHORT_WITH_VALUE = 'AbcCdDeEFHKmoPQrtTuUwxXyYz';
const CURL_LONG_WITH_VALUE = [
  'data', 'data-raw', 'data-binary', 'data-urlencode', 'data-ascii', 'json', 'form', 'form-string', 'request', 'output',
  'upload-file', 'header', 'user', 'url', 'config', 'cookie', 'cookie-jar', 'dump-header', 'referer', 'cert', 'key', 'cacert',
  'capath', 'proxy', 'proxy-user', 'max-time', 'connect-timeout', 'retry', 'retry-delay', 'retry-max-time', 'user-agent',
  'write-out', 'output-dir', 'resolve', 'connect-to', 'range', 'limit-rate', 'oauth2-bearer', 'aws-sigv4', 'unix-socket',
  'interface', 'max-filesize', 'cert-type', 'key-type', 'pass', 'ciphers', 'dns-servers', 'expect100-timeout', 'continue-at',
  'time-cond', 'trace', 'trace-ascii', 'stderr', 'variable', 'url-query', 'proto', 'proto-redir', 'max-redirs', 'socks5',
  'socks5-hostname', 'preproxy', 'noproxy', 'etag-save', 'etag-compare', 'hsts', 'alt-svc', 'quote', 'ftp-port', 'telnet-option',
];

/** curl: a download (a read) unless it sends data or a writing method; `-o`/`-O` save a file. */
const curl: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: CURL_SHORT_WITH_VALUE, long: CURL_LONG_WITH_VALUE });
  if (hasOption(parsed, 'K', 'config')) ctx.unknown('curl reads more options from a config file, which are not visible here');
  const urls = [...parsed.operands, ...optionValues(parsed, 'url')].map(displayOf);
  const explicit = literalOf(optionValue(parsed, 'X', 'request'))?.toUpperCase();
  const sendsData = hasOption(parsed, 'd', 'data', 'data-raw', 'data-binary', 'data-urlencode', 'data-ascii', 'json', 'F', 'form', 'form-string');
  const uploads = hasOption(parsed, 'T', 'upload-file');
  const method = explicit ?? (hasOption(parsed, 'G', 'get') ? 'GET' : uploads ? 'PUT' : sendsData ? 'POST' : hasOption(parsed, 'I', 'head') ? 'HEAD' : 'GET');
  for (const url of urls.length > 0 ? urls : ['(no URL)']) {
    if (['GET', 'HEAD', 'OPTIONS'].includes(method)) ctx.read(`downloads ${url}`);
    else remoteWrite(ctx, method, url);
  }
  savedFile(ctx, optionValue(parsed, 'o', 'output'));
  for (const extra of optionValues(parsed, 'c', 'cookie-jar', 'D', 'dump-header', 'trace', 'trace-ascii', 'stderr', 'etag-save')) savedFile(ctx, extra);
  if (hasOption(parsed, 'O', 'remote-name', 'remote-name-all')) {
    const directory = literalOf(optionValue(parsed, 'output-dir'));
    for (const url of urls) savedFile(ctx, staticArg(directory ? posix.join(directory, urlFileName(url)) : urlFileName(url)));
  }
};

/** wget: saves what it downloads (to `-O FILE`, or a file named after the URL). */
const wget: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, {
    short: 'OoaPiBeTtwQlUYDRAIX',
    long: ['output-document', 'output-file', 'append-output', 'directory-prefix', 'input-file', 'post-data', 'post-file', 'method', 'body-data', 'body-file', 'header', 'user', 'password', 'user-agent', 'tries', 'timeout', 'wait', 'level', 'quota', 'execute', 'accept', 'reject', 'domains', 'exclude-directories', 'include-directories', 'load-cookies', 'save-cookies', 'referer', 'limit-rate'],
  });
  const urls = parsed.operands.map(displayOf);
  const explicit = literalOf(optionValue(parsed, 'method'))?.toUpperCase();
  const method = explicit ?? (hasOption(parsed, 'post-data', 'post-file') ? 'POST' : 'GET');
  for (const url of urls.length > 0 ? urls : ['(URLs from a file)']) {
    if (method === 'GET' || method === 'HEAD') ctx.read(`downloads ${url}`);
    else remoteWrite(ctx, method, url);
  }
  if (hasOption(parsed, 'spider')) return;
  const document = optionValue(parsed, 'O', 'output-document');
  if (document) savedFile(ctx, document);
  else if (!hasOption(parsed, 'delete-after')) {
    const prefix = literalOf(optionValue(parsed, 'P', 'directory-prefix'));
    for (const url of urls) {
      const target = ctx.path(staticArg(prefix ? posix.join(prefix, urlFileName(url)) : urlFileName(url)));
      ctx.emit(effect('create', 'file', target.address, { reversible: true, destroysData: false, summary: `saves ${url} as ${target.address} (wget never overwrites; it adds .1, .2 …)` }));
    }
  }
  for (const log of optionValues(parsed, 'o', 'output-file')) savedFile(ctx, log);
};

/** ssh [options] HOST [COMMAND…]: the remote command runs in a shell on HOST. */
const ssh: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'BbcDEeFIiJLlmOoPpQRSWw', stopAtOperand: true });
  const [hostArg, ...command] = parsed.operands;
  if (!hostArg) {
    ctx.read('ssh: prints usage');
    return;
  }
  const host = displayOf(hostArg);
  ctx.emit(effect('execute', 'host', host, { reversible: true, destroysData: false, summary: `connects to ${host} over SSH` }));
  if (command.length === 0) {
    ctx.unknown(`opens a shell on ${host}; what runs there cannot be seen`);
    return;
  }
  const words = command.map(literalOf);
  if (words.some((word) => word === undefined)) {
    ctx.unknown(`runs a command on ${host} that is only known at run time`);
    return;
  }
  ctx.runSource(words.join(' '), `on ${host} over ssh`, { remote: `ssh:${host}:` });
};

/** scp [options] SOURCE… DESTINATION. */
const scp: CommandHandler = (call, ctx) => {
  const parsed = parseArgs(call.args, { short: 'cFiJlLoPSDX' });
  const operands = parsed.operands;
  const destination = operands[operands.length - 1];
  if (!destination || operands.length < 2) {
    ctx.read('scp: prints usage');
    return;
  }
  const from = operands.slice(0, -1).map(displayOf).join(', ');
  if (isRemoteLocation(destination)) {
    ctx.emit(effect('update', 'remote-file', displayOf(destination), { reversible: false, destroysData: true, summary: `copies ${from} to ${displayOf(destination)}, overwriting what is there` }));
  } else writeFileEffect(ctx, ctx.path(destination), 'overwrites');
};

/** Clients that open raw connections: what they send is not visible. */
const rawConnection: CommandHandler = (call, ctx) => ctx.execute(call.name, `opens a network connection with ${call.name}`);

export const networkCommands: CommandTable = {
  curl,
  wget,
  ssh,
  scp,
  nc: rawConnection,
  ncat: rawConnection,
  netcat: rawConnection,
  telnet: rawConnection,
  socat: rawConnection,
  sftp: rawConnection,
};
