// Finds the places where a file talks to the database itself instead of calling a service:
// SQL text in a literal, a call (or reference) to a member of the database handle or of a
// driver, and imports of the data layer, a driver or a service's own SQL modules. It reads
// the TypeScript program with its type checker, so `const q = ctx.db; q.query(…)` and
// `const run = ctx.db.exec` are caught like `ctx.db.query(…)`, and `/x/.exec(s)` is not.
import path from 'node:path';
import ts from 'typescript';

export interface Finding {
  file: string;
  line: number;
  what: string;
}

/** Modules a caller may not import: the data layer, drivers, ORMs, and any `sql/` module. */
const FORBIDDEN_IMPORT = [
  { test: (spec: string, resolved?: string) => /(^|\/)src\/db\//.test(resolved ?? '') || /(^|\/)db\/(database|connect|embedded|migrate)\.js$/.test(spec), why: 'imports the data layer' },
  { test: (spec: string, resolved?: string) => /(^|\/)sql(\/|$)/.test(resolved ?? spec), why: 'imports a SQL module (call the service instead)' },
  { test: (spec: string) => /^(pg|pg-copy-streams|pg-pool|pg-cursor|pg-query-stream|postgres|sequelize|knex|kysely|slonik)(\/|$)/.test(spec), why: 'imports a database driver' },
];

// SQL as this code base writes it (upper-case keywords), and lower-case SQL where it is
// unmistakable: a statement shape or a `$1` placeholder next to a keyword.
const SQL_TEXT = [
  /\bSELECT\b/, /\bINSERT\s+INTO\b/, /\bUPDATE\s+\w+\s+SET\b/, /\bDELETE\s+FROM\b/, /\bRETURNING\b/, /\bFROM\s+\w+\s+(WHERE|JOIN|GROUP|ORDER|LIMIT)\b/,
  /\b(JOIN|LEFT JOIN)\s+\w+\s+\w+\s+ON\b/, /\b(CREATE|ALTER|DROP)\s+(TABLE|INDEX|VIEW|FUNCTION|TRIGGER)\b/, /\bTRUNCATE\b/, /\bCOPY\s+\w+[\s\S]*\b(FROM|TO)\s+(STDIN|STDOUT)\b/,
  /\bselect\s+(\*|count\(|distinct\b|[a-z_]+\.[a-z_*]+|[a-z_]+\s*,\s*[a-z_]+)[\s\S]*\bfrom\s+[a-z_]+/i,
  /\b(insert\s+into|delete\s+from|update\s+[a-z_]+\s+set)\s+/i,
  /\$\d+\b[\s\S]*\b(where|values|from|set|and|or)\b|\b(where|values|from|set|and|or)\b[\s\S]*\$\d+\b/i,
  /\bpg_(advisory|sleep|terminate|catalog|class|tables)/i,
];

function isDataLayerFile(file: string | undefined): boolean {
  if (!file) return false;
  const f = file.split(path.sep).join('/');
  return /\/src\/db\//.test(f) || /\/node_modules\/(@types\/)?(pg|pg-pool|pg-copy-streams|sequelize|pg-protocol)\//.test(f);
}

/** The declaration files of the symbol an expression refers to. */
function declaredIn(checker: ts.TypeChecker, node: ts.Node): string[] {
  let sym = checker.getSymbolAtLocation(node);
  if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  return (sym?.declarations ?? []).map((d) => d.getSourceFile().fileName);
}

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return undefined;
}

export function findDatabaseAccess(program: ts.Program, files: readonly string[]): Finding[] {
  const checker = program.getTypeChecker();
  const found: Finding[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`${file} is not part of the program`);
    const add = (node: ts.Node, what: string) => {
      found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, what });
    };
    const checkImport = (node: ts.Node, spec: string) => {
      const resolved = ts.resolveModuleName(spec, file, program.getCompilerOptions(), ts.sys).resolvedModule?.resolvedFileName;
      for (const rule of FORBIDDEN_IMPORT) if (rule.test(spec, resolved)) add(node, `${rule.why}: ${spec}`);
    };
    const visit = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        checkImport(node, node.moduleSpecifier.text);
        return;
      }
      if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])
          && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
        checkImport(node, node.arguments[0].text);
      }
      const text = literalText(node);
      if (text !== undefined) {
        const hit = SQL_TEXT.find((re) => re.test(text));
        if (hit) add(node, `SQL in a literal: ${text.replace(/\s+/g, ' ').slice(0, 60)}`);
        if (!ts.isTemplateExpression(node)) return;
      }
      // A member of the database handle or of a driver (query, one, exec, tx, withClient …),
      // called or taken as a value. Passing the handle itself (`ctx.db`) to a service is fine.
      if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
        const name = ts.isPropertyAccessExpression(node) ? node.name : node.argumentExpression;
        if (declaredIn(checker, name).some(isDataLayerFile)) add(node, `uses the database directly: ${node.getText(sf).replace(/\s+/g, ' ').slice(0, 60)}`);
      }
      if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
        const t = checker.getTypeAtLocation(node.parent);
        const prop = t.getProperty((node.propertyName ?? node.name).getText(sf));
        if ((prop?.declarations ?? []).some((d) => isDataLayerFile(d.getSourceFile().fileName))) add(node, `uses the database directly: destructures ${node.getText(sf)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

/** The project as tsconfig.json describes it, optionally with extra in-memory files. */
export function loadProgram(root: string, extra: Record<string, string> = {}): ts.Program {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const host = ts.createCompilerHost(parsed.options);
  const virtual = new Map(Object.entries(extra).map(([f, src]) => [path.resolve(root, f), src]));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, lang, onError, create) => {
    const src = virtual.get(path.resolve(fileName));
    return src !== undefined ? ts.createSourceFile(fileName, src, lang, true) : getSourceFile(fileName, lang, onError, create);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => virtual.has(path.resolve(f)) || fileExists(f);
  return ts.createProgram({ rootNames: [...parsed.fileNames, ...virtual.keys()], options: { ...parsed.options, noEmit: true }, host });
}
