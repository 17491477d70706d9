import { cedar, type DetailedError } from './cedar.js';
import { splitPolicies, type PolicyPart } from './policy-parts.js';
import { positionOf, type PolicyProblem, type PolicySource } from './policy-source.js';

/**
 * Checks policy files: Cedar syntax, then strict validation against Airlock's schema (unknown
 * context fields, wrong types, wrong actions), then Airlock's own annotations. Pure.
 */
export function validatePolicies(schemaText: string, sources: readonly PolicySource[]): PolicyProblem[] {
  return checkPolicies(schemaText, sources).problems;
}

/**
 * The same checks, also returning each file's policies as split on the way, so building an engine
 * parses every file once (this runs at the start of every hook process).
 */
export function checkPolicies(schemaText: string, sources: readonly PolicySource[]): { problems: PolicyProblem[]; parts: PolicyPart[][] } {
  const problems: PolicyProblem[] = [];
  const parts: PolicyPart[][] = [];
  const schemaCheck = cedar.checkParseSchema(schemaText);
  if (schemaCheck.type === 'failure') {
    for (const error of schemaCheck.errors) problems.push(toProblem('airlock.cedarschema', schemaText, error));
    return { problems, parts };
  }
  for (const source of sources) {
    const parsed = cedar.checkParsePolicySet({ staticPolicies: source.text });
    if (parsed.type === 'failure') {
      for (const error of parsed.errors) problems.push(toProblem(source.file, source.text, error));
      continue;
    }
    const answer = cedar.validate({ schema: schemaText, policies: { staticPolicies: source.text }, validationSettings: { mode: 'strict' } });
    if (answer.type === 'failure') {
      for (const error of answer.errors) problems.push(toProblem(source.file, source.text, error));
      continue;
    }
    const sourceParts = splitPolicies(source);
    parts.push(sourceParts);
    // Cedar names the file's policies policy0, policy1 …; say their @id instead.
    const ids = sourceParts.map((part) => part.id);
    const named = (message: string) => message.replace(/`policy(\d+)`/g, (whole, index: string) => (ids[Number(index)] ? `\`${ids[Number(index)]}\`` : whole));
    const seen = new Set<string>();
    for (const { error } of answer.validationErrors) {
      const problem = { ...toProblem(source.file, source.text, error) };
      problem.message = named(problem.message);
      const key = `${problem.line}:${problem.column}:${problem.message.replace(/ for Airlock::Action::"\w+"/, '')}`;
      // The same mistake is reported once per action it applies to; show it once.
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(problem);
    }
    problems.push(...annotationProblems(source, sourceParts));
  }
  return { problems, parts };
}

const KNOWN_ANNOTATIONS = new Set(['id', 'reason', 'approvers', 'roles', 'separate_duties']);

function annotationProblems(source: PolicySource, parts: readonly PolicyPart[]): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const part of parts) {
    const at = { file: source.file, line: part.line, column: 1 };
    const approvers = part.annotations['approvers'];
    if (approvers !== undefined && !/^[1-9][0-9]*$/.test(approvers)) {
      problems.push({ ...at, message: `@approvers must be a positive whole number, got ${JSON.stringify(approvers)}` });
    }
    const separate = part.annotations['separate_duties'];
    if (separate !== undefined && separate !== 'true' && separate !== 'false') {
      problems.push({ ...at, message: `@separate_duties must be "true" or "false", got ${JSON.stringify(separate)}` });
    }
    for (const name of Object.keys(part.annotations)) {
      if (!KNOWN_ANNOTATIONS.has(name)) {
        problems.push({ ...at, message: `unknown annotation @${name}`, help: 'Airlock reads @id, @reason, @approvers, @roles and @separate_duties' });
      }
    }
  }
  return problems;
}

function toProblem(file: string, text: string, error: DetailedError): PolicyProblem {
  const offset = error.sourceLocations?.[0]?.start ?? 0;
  const { line, column } = positionOf(text, offset);
  const label = error.sourceLocations?.[0]?.label;
  return { file, line, column, message: label ? `${error.message}: ${label}` : error.message, help: error.help ?? undefined };
}
