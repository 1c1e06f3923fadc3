import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { emailOf, signOffLines, trailerLines } from './trailer-syntax';
import { messagesWithText } from './util';

/** `Assisted-by: AGENT_NAME:MODEL_VERSION [TOOL ...]`, as the kernel's coding-assistants document writes it. */
const FORMAT = /^([^\s:<>]+):([^\s:<>]+)(?:\s+[^\s<>]+)*$/;

/**
 * Names that are tools, never people: matched against a sign-off's whole name
 * (a person called Claude signs as "Claude Lastname" and is left alone).
 */
const AGENTS = /^(?:claude(?: code)?|chatgpt|gpt-?\d[\w.-]*|openai codex|codex|(?:github )?copilot|gemini|bard|cursor|devin|grok|deepseek|qwen|aider|tabnine|codeium|windsurf|amazon q)$/i;
/** Addresses of assistants' vendors that no person signs with. */
const AGENT_ADDRESS = /^(?:noreply|no-reply|claude|copilot|chatgpt)@(?:anthropic\.com|openai\.com|github\.com|google\.com|cursor\.(?:com|sh))$/i;

const rule: Rule = {
  id: 'assisted-by',
  description: 'An Assisted-by: not in the AGENT:MODEL form, or a Signed-off-by: that names a tool.',
  severity: 'error',
  faq: FAQ.minimumRequirement,
  readiness: 'sign-off',
  appliesTo: 'every-patch',
  explanation: [
    'Help from a coding assistant is credited with `Assisted-by: AGENT_NAME:MODEL_VERSION',
    '[TOOL ...]` (the agent, the model it ran, and any other tools it used), as the kernel\'s',
    'coding-assistants process document asks in the kernels that have it (after 6.12). A',
    '`Signed-off-by:` is different: it certifies the Developer Certificate of Origin, which',
    'only a person can do, so a sign-off in a tool\'s name is an error; the person sending',
    'the patch signs off, and the tool is credited with Assisted-by. A malformed',
    'Assisted-by is a warning.',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      // Not one of trailer-syntax's checked keys (means() knows only those): its spelling, loosely.
      const assisted = trailerLines(m).filter((t) => /^assisted[-_ ]?by$/i.test(t.key.trim()));
      const tools = new Set<string>();
      for (const t of assisted) {
        const value = t.value.trim();
        const ok = FORMAT.exec(value);
        if (ok) {
          tools.add(ok[1].toLowerCase());
          continue;
        }
        ctx.report(m, {
          message: /<[^>]*@/.test(value)
            ? 'Assisted-by: names a tool, not a person: write `Assisted-by: AGENT_NAME:MODEL_VERSION` (e.g. `Assisted-by: Claude:claude-3-opus`), no address.'
            : 'Write Assisted-by: as `AGENT_NAME:MODEL_VERSION [TOOL ...]` (e.g. `Assisted-by: Claude:claude-3-opus coccinelle`).',
          range: t.value === '' ? t.span : t.valueSpan,
          severity: 'warning',
        });
      }
      for (const t of signOffLines(m)) {
        const email = emailOf(t.value);
        const name = t.value.replace(/<[^<>]*>.*$/, '').trim().replace(/^"(.*)"$/, '$1');
        const tool = AGENTS.test(name) || (email !== undefined && AGENT_ADDRESS.test(email)) || (name !== '' && tools.has(name.toLowerCase()));
        if (!tool) continue;
        ctx.report(m, {
          message: `${name || email} is a tool: only people sign off (the Developer Certificate of Origin). Credit it with Assisted-by: AGENT_NAME:MODEL_VERSION, and sign off yourself.`,
          range: t.valueSpan,
        });
      }
    }
  },
};

export default rule;
