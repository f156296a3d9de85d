/**
 * Keeps the language service's copy of each open document current. The service caches its
 * analysis per text; this avoids even copying the text again while the version is unchanged.
 */
import type * as vscode from 'vscode';
import type { Analysis } from '../src/language/index.js';
import type { Service } from './context.js';

export class DocumentSync {
  private readonly versions = new Map<string, number>();

  constructor(private readonly service: Pick<Service, 'update' | 'close' | 'analyze'>) {}

  /** Gives the service the document's current text (once per version); returns its URI string. */
  sync(doc: vscode.TextDocument): string {
    const uri = doc.uri.toString();
    if (this.versions.get(uri) !== doc.version) {
      this.service.update(uri, doc.getText());
      this.versions.set(uri, doc.version);
    }
    return uri;
  }

  /** Forgets a closed document. */
  forget(doc: vscode.TextDocument): void {
    const uri = doc.uri.toString();
    this.versions.delete(uri);
    this.service.close(uri);
  }

  /**
   * Drops the cached analyses that depend on `changed` (a file edited, created or deleted),
   * directly or through other imports, so the next sync re-reads them. The service's cache
   * notices a change of a direct import by itself, not one two imports away, nor a missing
   * import that now exists. Documents that do not import `changed` keep their caches: a save
   * must not re-parse every open file (a 5 MB one among them).
   */
  invalidateDependents(changed: string): void {
    const memo = new Map<Analysis, boolean>();
    const stale = new Set<string>();
    const dependsOn = (a: Analysis): boolean => {
      const known = memo.get(a);
      if (known !== undefined) return known;
      memo.set(a, false); // an import cycle ends here
      let hit = false;
      for (const i of a.imports) {
        if (i.uri === changed) hit = true;
        if (i.analysis && dependsOn(i.analysis)) hit = true;
      }
      memo.set(a, hit);
      if (hit) stale.add(a.uri);
      return hit;
    };
    for (const uri of this.versions.keys()) dependsOn(this.service.analyze(uri));
    for (const uri of stale) {
      this.versions.delete(uri);
      this.service.close(uri);
    }
  }
}
