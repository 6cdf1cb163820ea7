/**
 * A lexical view of bundled JavaScript, enough for pattern rules to tell code from
 * comments and string contents. Not a parser: a `/` is taken for a regular expression
 * by the usual heuristic (what precedes it), which holds for esbuild's output.
 */
export interface JavaScriptText {
  /** The code with comments blanked out (same length and lines as the original). */
  readonly withoutComments: string;
  /** The code with comments, string, template and regular-expression contents blanked out; `${...}` expressions stay. */
  readonly outsideStrings: string;
  /** Contents of string literals and template text, as written, with where they start. */
  readonly strings: readonly { readonly text: string; readonly start: number }[];
}

const REGEX_PREFIX_CHARS = new Set("(,=:[!&|?{};+-*%<>~^".split(""));
const REGEX_PREFIX_WORDS = /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/;

function startsRegex(before: string): boolean {
  return before === "" || REGEX_PREFIX_CHARS.has(before.slice(-1)) || REGEX_PREFIX_WORDS.test(before);
}

/** Characters that may open a comment, string, template or regular expression, or close a template expression. */
const PLAIN_RUN = /[/"'`{}]/g;

function blank(text: string): string {
  return text.replace(/[^\n]/g, " ");
}

export function scanJavaScript(code: string): JavaScriptText {
  let withoutComments = "";
  let outsideStrings = "";
  const strings: { text: string; start: number }[] = [];
  // One entry per open `${`: the `{` depth inside that template expression.
  const templateDepths: number[] = [];
  let i = 0;

  const keepCode = (text: string) => {
    withoutComments += text;
    outsideStrings += text;
  };
  const comment = (text: string) => {
    const blanked = blank(text);
    withoutComments += blanked;
    outsideStrings += blanked;
  };
  /** The contents of a string, template or regular expression. */
  const literal = (text: string) => {
    withoutComments += text;
    outsideStrings += blank(text);
  };
  /** The last few characters of code before `i`, trailing whitespace left out. */
  const previousSignificant = () => {
    let end = outsideStrings.length;
    while (end > 0 && /\s/.test(outsideStrings[end - 1])) end -= 1;
    return outsideStrings.slice(Math.max(0, end - 12), end);
  };

  /** Template text from `i` (just after a backtick or a closing `}`) to the next `${` or backtick. */
  const templateText = () => {
    const start = i;
    while (i < code.length && code[i] !== "`" && !(code[i] === "$" && code[i + 1] === "{")) i += code[i] === "\\" ? 2 : 1;
    strings.push({ text: code.slice(start, i), start });
    literal(code.slice(start, i));
    if (code[i] === "`") {
      keepCode("`");
      i += 1;
    } else if (i < code.length) {
      keepCode("${");
      i += 2;
      templateDepths.push(0);
    }
  };

  while (i < code.length) {
    const char = code[i];
    const next = code[i + 1];
    if (char === "/" && next === "/") {
      const end = code.indexOf("\n", i);
      const stop = end === -1 ? code.length : end;
      comment(code.slice(i, stop));
      i = stop;
    } else if (char === "/" && next === "*") {
      const end = code.indexOf("*/", i + 2);
      const stop = end === -1 ? code.length : end + 2;
      comment(code.slice(i, stop));
      i = stop;
    } else if (char === '"' || char === "'") {
      let j = i + 1;
      while (j < code.length && code[j] !== char && code[j] !== "\n") j += code[j] === "\\" ? 2 : 1;
      strings.push({ text: code.slice(i + 1, j), start: i + 1 });
      keepCode(char);
      literal(code.slice(i + 1, j));
      keepCode(code.slice(j, j + 1));
      i = j + 1;
    } else if (char === "`") {
      keepCode("`");
      i += 1;
      templateText();
    } else if (char === "}" && templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === 0) {
      templateDepths.pop();
      keepCode("}");
      i += 1;
      templateText();
    } else if (char === "/" && startsRegex(previousSignificant())) {
      let j = i + 1;
      let inClass = false;
      while (j < code.length && code[j] !== "\n" && (inClass || code[j] !== "/")) {
        if (code[j] === "\\") j += 1;
        else if (code[j] === "[") inClass = true;
        else if (code[j] === "]") inClass = false;
        j += 1;
      }
      keepCode("/");
      literal(code.slice(i + 1, j));
      keepCode(code.slice(j, j + 1));
      i = j + 1;
    } else if (templateDepths.length > 0 && (char === "{" || char === "}")) {
      templateDepths[templateDepths.length - 1] += char === "{" ? 1 : -1;
      keepCode(char);
      i += 1;
    } else {
      // Plain code up to the next character that may start something else, in one piece.
      PLAIN_RUN.lastIndex = i + 1;
      const stop = PLAIN_RUN.exec(code)?.index ?? code.length;
      keepCode(code.slice(i, stop));
      i = stop;
    }
  }
  return { withoutComments, outsideStrings, strings };
}

/** The 1-based line of an index in a text. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i += 1) if (text[i] === "\n") line += 1;
  return line;
}

/** The text between the parenthesis at `open` and its match; strings must already be blanked. */
export function parenthesized(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === "(") depth += 1;
    else if (text[i] === ")" && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}
