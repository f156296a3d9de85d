/**
 * Keeps the language service's copy of each open document current. The service caches its
 * analysis per text; this avoids even copying the text again while the version is unchanged.
 */
import type * as vscode from 'vscode';
import type { Service } from './context.js';

export class DocumentSync {
  private readonly versions = new Map<string, number>();

  constructor(private readonly service: Pick<Service, 'update' | 'close'>) {}

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

  /** Drops every cached analysis (an imported file changed on disk); the next sync re-reads. */
  invalidateAll(): void {
    for (const uri of this.versions.keys()) this.service.close(uri);
    this.versions.clear();
  }
}
