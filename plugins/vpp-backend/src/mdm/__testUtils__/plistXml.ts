/**
 * A typed reading of an XML property list for tests: unlike `plist.parse`, it keeps the
 * element each value was written as (`<integer>` vs `<real>`, `<string>`), so a schema
 * check sees exactly what a device would receive.
 */
export type PlistNode =
  | { type: 'dict'; entries: Array<[string, PlistNode]> }
  | { type: 'array'; items: PlistNode[] }
  | { type: 'string' | 'integer' | 'real' | 'date' | 'data'; text: string }
  | { type: 'boolean'; value: boolean };

interface Token {
  kind: 'open' | 'close' | 'empty' | 'text';
  name: string;
  text: string;
}

function unescapeXml(text: string): string {
  return text.replace(
    /&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi,
    (_, entity: string) => {
      const lower = entity.toLowerCase();
      if (lower.startsWith('#x'))
        return String.fromCodePoint(parseInt(lower.slice(2), 16));
      if (lower.startsWith('#'))
        return String.fromCodePoint(parseInt(lower.slice(1), 10));
      return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower]!;
    },
  );
}

function tokenize(xml: string): Token[] {
  const body = xml
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/<!DOCTYPE[^>]*>/, '');
  const tokens: Token[] = [];
  const pattern = /<(\/?)([A-Za-z]+)(?:\s[^>]*?)?(\/?)>|([^<]+)/g;
  for (const match of body.matchAll(pattern)) {
    if (match[4] !== undefined) {
      tokens.push({ kind: 'text', name: '', text: match[4] });
    } else if (match[1]) {
      tokens.push({ kind: 'close', name: match[2], text: '' });
    } else {
      tokens.push({
        kind: match[3] ? 'empty' : 'open',
        name: match[2],
        text: '',
      });
    }
  }
  return tokens;
}

const SCALARS = new Set(['string', 'integer', 'real', 'date', 'data']);

/** Parses an XML plist into typed nodes; throws on anything it does not understand. */
export function parsePlistXml(xml: string): PlistNode {
  const tokens = tokenize(xml).filter(
    t => !(t.kind === 'text' && t.text.trim() === ''),
  );
  let pos = 0;
  const next = () => {
    const token = tokens[pos++];
    if (!token) throw new Error('unexpected end of plist');
    return token;
  };
  const expectClose = (name: string) => {
    const token = next();
    if (token.kind !== 'close' || token.name !== name) {
      throw new Error(`expected </${name}>, got ${token.kind} ${token.name}`);
    }
  };
  const value = (token: Token): PlistNode => {
    if (token.kind === 'empty') {
      if (token.name === 'true' || token.name === 'false') {
        return { type: 'boolean', value: token.name === 'true' };
      }
      if (token.name === 'dict') return { type: 'dict', entries: [] };
      if (token.name === 'array') return { type: 'array', items: [] };
      if (SCALARS.has(token.name)) {
        return { type: token.name as 'string', text: '' };
      }
    }
    if (token.kind !== 'open') {
      throw new Error(`unexpected ${token.kind} ${token.name}${token.text}`);
    }
    if (SCALARS.has(token.name)) {
      const content = tokens[pos];
      let text = '';
      if (content?.kind === 'text') {
        text = unescapeXml(content.text);
        pos++;
      }
      expectClose(token.name);
      return { type: token.name as 'string', text };
    }
    if (token.name === 'array') {
      const items: PlistNode[] = [];
      while (
        tokens[pos] &&
        !(tokens[pos].kind === 'close' && tokens[pos].name === 'array')
      ) {
        items.push(value(next()));
      }
      expectClose('array');
      return { type: 'array', items };
    }
    if (token.name === 'dict') {
      const entries: Array<[string, PlistNode]> = [];
      while (
        tokens[pos] &&
        !(tokens[pos].kind === 'close' && tokens[pos].name === 'dict')
      ) {
        const keyOpen = next();
        if (keyOpen.kind !== 'open' || keyOpen.name !== 'key') {
          throw new Error(`expected <key> in dict, got ${keyOpen.name}`);
        }
        const keyText = next();
        if (keyText.kind !== 'text') throw new Error('empty <key>');
        expectClose('key');
        entries.push([unescapeXml(keyText.text), value(next())]);
      }
      expectClose('dict');
      return { type: 'dict', entries };
    }
    throw new Error(`unknown element <${token.name}>`);
  };
  const root = next();
  if (root.kind !== 'open' || root.name !== 'plist') {
    throw new Error('not a <plist>');
  }
  const result = value(next());
  expectClose('plist');
  if (pos !== tokens.length) throw new Error('content after </plist>');
  return result;
}
