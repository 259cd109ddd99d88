import ts from 'typescript';

/** An import or re-export of a module, where it stands. */
export interface ModuleReference {
  readonly specifier: string;
  readonly line: number;
}

/** A string or template literal's text, where it stands. */
export interface StringLiteral {
  readonly text: string;
  readonly line: number;
}

export interface SourceFacts {
  readonly references: readonly ModuleReference[];
  readonly strings: readonly StringLiteral[];
}

/** The modules a file imports (static, dynamic, re-exports) and the string literals it holds, by parsing it. */
export function sourceFacts(fileName: string, text: string): SourceFacts {
  const file = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const references: ModuleReference[] = [];
  const strings: StringLiteral[] = [];
  const lineOf = (node: ts.Node): number => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      references.push({ specifier: node.moduleSpecifier.text, line: lineOf(node) });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      references.push({ specifier: node.arguments[0].text, line: lineOf(node) });
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      strings.push({ text: node.text, line: lineOf(node) });
    } else if (ts.isTemplateExpression(node)) {
      // The literal parts of a template, joined: `select … from ${table} where …` keeps its SQL words.
      strings.push({ text: [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' '), line: lineOf(node) });
      node.templateSpans.forEach((span) => visit(span.expression));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { references, strings };
}
