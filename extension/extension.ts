/**
 * The VS Code extension: thin glue over the pure language service (src/language). Every
 * provider and command lives in its own file; this only wires them to one context object that
 * owns every disposable. Activation failures are logged, shown, and rethrown.
 */
import * as vscode from 'vscode';
import { registerCatalogDocuments } from './catalog-document.js';
import { registerCaptureCommands } from './commands/capture-commands.js';
import { registerCopyCommands } from './commands/copy-commands.js';
import { registerDecodeCommand } from './commands/decode-command.js';
import { registerEncodeCommand } from './commands/encode-command.js';
import { registerEncodeToFileCommand } from './commands/encode-to-file-command.js';
import { registerExportCommands } from './commands/export-commands.js';
import { registerLayoutCommand } from './commands/layout-command.js';
import { registerMutantsCommand } from './commands/mutants-command.js';
import { TapipktContext } from './context.js';
import { registerCodeActionProvider } from './providers/code-action-provider.js';
import { registerCodeLensProvider } from './providers/codelens-provider.js';
import { registerCompletionProvider } from './providers/completion-provider.js';
import { registerDiagnostics } from './providers/diagnostics.js';
import { registerFoldingProvider } from './providers/folding-provider.js';
import { registerHoverProvider } from './providers/hover-provider.js';
import { registerInlayHintsProvider } from './providers/inlay-hints-provider.js';
import { registerNavigationProviders } from './providers/navigation-providers.js';
import { registerSemanticTokensProvider } from './providers/semantic-tokens-provider.js';
import { registerSymbolProviders } from './providers/symbol-providers.js';

/** Files, untitled editors and the read-only catalog documents of the tapipkt language. */
const SELECTOR: vscode.DocumentSelector = { language: 'tapipkt' };

let current: TapipktContext | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const ext = new TapipktContext(context);
  current = ext;
  context.subscriptions.push(ext);
  try {
    registerCatalogDocuments(ext);
    registerDiagnostics(ext);
    for (const register of [
      registerHoverProvider,
      registerCompletionProvider,
      registerCodeLensProvider,
      registerInlayHintsProvider,
      registerCodeActionProvider,
      registerSymbolProviders,
      registerNavigationProviders,
      registerFoldingProvider,
      registerSemanticTokensProvider,
    ]) {
      register(ext, SELECTOR);
    }
    registerEncodeCommand(ext);
    registerEncodeToFileCommand(ext);
    registerDecodeCommand(ext);
    registerLayoutCommand(ext);
    registerCopyCommands(ext);
    registerExportCommands(ext);
    registerMutantsCommand(ext);
    registerCaptureCommands(ext);
    ext.log.info(`tapipkt ${context.extension.packageJSON.version as string} activated`);
  } catch (e) {
    ext.report('activation', e);
    throw e;
  }
}

export function deactivate(): void {
  current?.dispose();
  current = undefined;
}
