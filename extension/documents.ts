/**
 * Keeps the language service's copy of each open document current. The service caches its
 * analysis per text; this avoids even copying the text again while the version is unchanged.
 */
import type * as vscode from 'vscode';
import type { Service } from './context.js';

export class DocumentSync {
  private readonly versions = new Map<string, number>();

  constructor(private readonly service: Pick<Service, 'update' | 'close' | 'getDependents'>) {}

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
    for (const uri of this.service.getDependents(changed, [...this.versions.keys()])) {
      this.versions.delete(uri);
      this.service.close(uri);
    }
  }
}
