/*
 * ESLint rule `tributary/no-hardcoded-ui-text`: user-visible text in renderer/src must come from the
 * message catalogs (react-intl), never from a literal. It reports, at the literal's file:line:
 *
 *  - JSX text: `<p>Sending…</p>`;
 *  - string and template literals in the attributes and props that people read or hear:
 *    aria-label, aria-description, aria-roledescription, aria-valuetext, aria-placeholder, title,
 *    placeholder, alt, label;
 *  - literals rendered as children: `{busy ? 'Saving' : null}`;
 *  - a literal as the text of toast()/alert()/confirm()/prompt() (their first argument), and literals in object properties that
 *    carry shown text or errors (text, label, title, placeholder, hint, notice, and any key ending in
 *    "error"/"Error"), which is how the store would build a toast or an error text.
 *
 * What is allowed, by construction rather than by list: a literal counts as text only when it holds a
 * letter (\p{L}). Glyphs and punctuation (✕ ◎ # @ · ↓ /), numbers and emoji are not language. Every
 * other attribute or key is not checked: class names, test ids, keys, ids, roles, icon names, URLs,
 * CSS, channel names. Inside a literal that is checked there is no exception.
 */
const LETTER = /\p{L}/u;
const TEXT_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  'title',
  'placeholder',
  'alt',
  'label',
]);
const TEXT_CALLEES = new Set(['toast', 'alert', 'confirm', 'prompt']);
const TEXT_KEYS = new Set(['text', 'label', 'title', 'placeholder', 'hint', 'notice']);

function isTextKey(name) {
  return TEXT_KEYS.has(name) || /(^e|E)rror$/.test(name);
}

function propertyName(key) {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return null;
}

function calleeName(callee) {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier')
    return callee.property.name;
  return null;
}

function shorten(text) {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noHardcodedUiText = {
  meta: {
    type: 'problem',
    docs: { description: 'User-visible text in the renderer comes from the message catalogs, not from literals.' },
    schema: [],
    messages: {
      literal:
        'Hard-coded UI text "{{text}}": make it a message (defineMessages with an id and an English defaultMessage; see renderer/README.md).',
    },
  },
  create(context) {
    const report = (node, text) => context.report({ node, messageId: 'literal', data: { text: shorten(text) } });

    /** Reports the literals an expression may evaluate to (not those it only compares or passes on). */
    function checkValue(node) {
      if (!node) return;
      switch (node.type) {
        case 'Literal':
          if (typeof node.value === 'string' && LETTER.test(node.value)) report(node, node.value);
          return;
        case 'TemplateLiteral': {
          const parts = node.quasis.map((q) => q.value.cooked ?? '');
          if (parts.some((part) => LETTER.test(part))) report(node, parts.join('…'));
          return;
        }
        case 'ConditionalExpression':
          checkValue(node.consequent);
          checkValue(node.alternate);
          return;
        case 'LogicalExpression':
          // `cond && 'text'`: only the right side can be shown; `a ?? 'text'`, `a || 'text'`: both.
          if (node.operator !== '&&') checkValue(node.left);
          checkValue(node.right);
          return;
        case 'BinaryExpression':
          if (node.operator === '+') {
            checkValue(node.left);
            checkValue(node.right);
          }
          return;
        case 'ArrayExpression':
          for (const element of node.elements) checkValue(element);
          return;
        case 'TSAsExpression':
        case 'TSSatisfiesExpression':
        case 'TSNonNullExpression':
          checkValue(node.expression);
          return;
        default:
      }
    }

    return {
      JSXText(node) {
        if (LETTER.test(node.value)) report(node, node.value);
      },
      JSXAttribute(node) {
        const name = node.name.type === 'JSXIdentifier' ? node.name.name : null;
        if (!name || !TEXT_ATTRIBUTES.has(name) || !node.value) return;
        if (node.value.type === 'Literal') checkValue(node.value);
        else if (node.value.type === 'JSXExpressionContainer') checkValue(node.value.expression);
      },
      JSXExpressionContainer(node) {
        if (node.parent.type === 'JSXElement' || node.parent.type === 'JSXFragment') checkValue(node.expression);
      },
      CallExpression(node) {
        const name = calleeName(node.callee);
        // The text is the first argument (toast's second is its kind).
        if (name && TEXT_CALLEES.has(name)) checkValue(node.arguments[0]);
      },
      Property(node) {
        const name = propertyName(node.key);
        if (name && isTextKey(name)) checkValue(node.value);
      },
    };
  },
};

export default { rules: { 'no-hardcoded-ui-text': noHardcodedUiText } };
