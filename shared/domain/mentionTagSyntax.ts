/*
 * Flowdock's `@mention` and `#tag` as micromark text constructs, plus the mdast handlers that turn
 * their tokens into `mention` and `tag` nodes. Being constructs (not a regex over the body) is what
 * keeps them out of code: micromark never runs text constructs inside code spans or fenced code,
 * an autolink (`<https://…>`) consumes its `@` and `#` first, and a backslash escape (`\@bob`)
 * consumes the marker. Inside link text they do run; markdown.ts turns those back into text.
 *
 * URL literals (`https://x.test/?to=@all`) are found later, by a transform over text nodes (GFM's
 * micromark tokenizer for them is quadratic after an unclosed `[`), so a mention or tag glued to a
 * URL is turned back into text first (mentionsInUrls.ts), before that transform runs (markdown.ts).
 */
import type { Node } from 'mdast';
import type { CompileContext, Extension as MdastExtension, Token } from 'mdast-util-from-markdown';
import { asciiAlphanumeric } from 'micromark-util-character';
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';

/** `@handle`: who is notified. `handle` is as written (case kept); `all`/`everyone` page the stream. */
export interface Mention extends Node {
  type: 'mention';
  handle: string;
}

/** `#tag`: a topic label, as written (case kept). */
export interface Tag extends Node {
  type: 'tag';
  tag: string;
}

declare module 'mdast' {
  interface PhrasingContentMap {
    mention: Mention;
    tag: Tag;
  }
  interface RootContentMap {
    mention: Mention;
    tag: Tag;
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    mention: 'mention';
    tag: 'tag';
    referenceMarker: 'referenceMarker';
    referenceName: 'referenceName';
  }
}

/** Handles are at most this long (see handleFrom); a longer run is not a mention at all. */
export const MAX_HANDLE_CHARS = 63;
/** Tags are at most this long; a longer run is not a tag. */
export const MAX_TAG_CHARS = 64;

const AT_SIGN = 64;
const NUMBER_SIGN = 35;
const AMPERSAND = 38;
const SLASH = 47;
const UNDERSCORE = 95;
const DASH = 45;
const DOT = 46;

const LETTER_OR_NUMBER = /[\p{L}\p{M}\p{N}]/u;

/** A letter, mark or number of any script (one UTF-16 unit: astral characters end a name). */
function isLetterOrNumber(code: Code): boolean {
  return code !== null && code >= 0 && LETTER_OR_NUMBER.test(String.fromCharCode(code));
}

function isDigit(code: Code): boolean {
  return code !== null && code >= 48 && code <= 57;
}

/** `@` starts a mention only after a non-word character, so `alice@acme.test` mentions nobody. */
function mayStartMention(code: Code): boolean {
  return !(isLetterOrNumber(code) || code === UNDERSCORE || code === AT_SIGN || code === SLASH);
}

/** `#` starts a tag only where it cannot be a URL fragment (`/#x`), an entity (`&#x`) or `##`. */
function mayStartTag(code: Code): boolean {
  return !(
    isLetterOrNumber(code) ||
    code === UNDERSCORE ||
    code === NUMBER_SIGN ||
    code === AMPERSAND ||
    code === SLASH
  );
}

/** What a name (handle or tag) is made of, and which of its characters may not end it. */
interface NameRules {
  type: 'mention' | 'tag';
  marker: number;
  maxChars: number;
  mayStart: (previous: Code) => boolean;
  first: (code: Code) => boolean;
  body: (code: Code) => boolean;
  /** Joiners: allowed inside a name, trimmed from its end (`@bob.` mentions bob). */
  joiner: (code: Code) => boolean;
  /** A tag of digits only (`#42`) is an issue number, not a tag. */
  needsNonDigit: boolean;
}

const mentionRules: NameRules = {
  type: 'mention',
  marker: AT_SIGN,
  maxChars: MAX_HANDLE_CHARS,
  mayStart: mayStartMention,
  first: asciiAlphanumeric,
  body: asciiAlphanumeric,
  joiner: (code) => code === DOT || code === UNDERSCORE || code === DASH,
  needsNonDigit: false,
};

const tagRules: NameRules = {
  type: 'tag',
  marker: NUMBER_SIGN,
  maxChars: MAX_TAG_CHARS,
  mayStart: mayStartTag,
  first: (code) => isLetterOrNumber(code) || code === UNDERSCORE,
  body: isLetterOrNumber,
  joiner: (code) => code === UNDERSCORE || code === DASH,
  needsNonDigit: true,
};

/** Lookahead: a run of joiners followed by a body character (so the joiners belong to the name). */
function joinerRun(rules: NameRules): Construct {
  return {
    partial: true,
    tokenize(effects: Effects, ok: State, nok: State): State {
      return function joiners(code: Code): State | undefined {
        if (rules.joiner(code)) {
          effects.consume(code);
          return joiners;
        }
        return rules.body(code) ? ok(code) : nok(code);
      };
    },
  };
}

function nameConstruct(rules: NameRules): Construct {
  const continues = joinerRun(rules);
  return {
    name: rules.type,
    previous: rules.mayStart,
    tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
      // The `previous` guard only decides where text may break; the tokenizer must check it too.
      const previous = this.previous;
      let size = 0;
      let sawNonDigit = !rules.needsNonDigit;

      const take = (code: Code): void => {
        if (!isDigit(code)) sawNonDigit = true;
        size += 1;
        effects.consume(code);
      };
      const done = (code: Code): State | undefined => {
        if (size > rules.maxChars || !sawNonDigit) return nok(code);
        effects.exit('referenceName');
        effects.exit(rules.type);
        return ok(code);
      };
      const inside = (code: Code): State | undefined => {
        if (rules.body(code)) {
          take(code);
          return inside;
        }
        if (rules.joiner(code)) return effects.check(continues, joiner, done)(code);
        return done(code);
      };
      const joiner = (code: Code): State | undefined => {
        if (!rules.joiner(code)) return inside(code);
        take(code);
        return joiner;
      };
      const first = (code: Code): State | undefined => {
        if (!rules.first(code)) return nok(code);
        effects.enter('referenceName');
        if (rules.joiner(code)) return effects.check(continues, joiner, nok)(code);
        take(code);
        return inside;
      };
      return (code: Code): State | undefined => {
        if (code !== rules.marker || !rules.mayStart(previous)) return nok(code);
        effects.enter(rules.type);
        effects.enter('referenceMarker');
        effects.consume(code);
        effects.exit('referenceMarker');
        return first;
      };
    },
  };
}

/** The micromark extension: `@` and `#` in running text. */
export function mentionTagSyntax(): Extension {
  return { text: { [AT_SIGN]: nameConstruct(mentionRules), [NUMBER_SIGN]: nameConstruct(tagRules) } };
}

/** The mdast-util-from-markdown extension: mention and tag tokens become nodes. */
export function mentionTagFromMarkdown(): MdastExtension {
  return {
    enter: {
      mention(this: CompileContext, token: Token) {
        this.enter({ type: 'mention', handle: '' }, token);
      },
      tag(this: CompileContext, token: Token) {
        this.enter({ type: 'tag', tag: '' }, token);
      },
    },
    exit: {
      referenceName(this: CompileContext, token: Token) {
        const node = this.stack[this.stack.length - 1];
        if (node?.type === 'mention') node.handle = this.sliceSerialize(token);
        else if (node?.type === 'tag') node.tag = this.sliceSerialize(token);
      },
      mention(this: CompileContext, token: Token) {
        this.exit(token);
      },
      tag(this: CompileContext, token: Token) {
        this.exit(token);
      },
    },
  };
}
