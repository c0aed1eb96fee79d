//! Initialization: what the server offers, and what it learnt about the client.

use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CodeLensOptions,
    DiagnosticOptions, DiagnosticServerCapabilities, HoverProviderCapability, InitializeParams,
    InitializeResult, PositionEncodingKind, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
};
use tactful_core::text::Encoding;

/// What initialization decided.
pub(crate) struct Init {
    /// The reply to `initialize`.
    pub(crate) result: InitializeResult,
    /// The negotiated position encoding.
    pub(crate) encoding: Encoding,
    /// Whether the client pulls diagnostics (then the server does not push them).
    pub(crate) pull: bool,
    /// Whether the client shows `relatedInformation`.
    pub(crate) related_information: bool,
    /// Whether the client lets the server register file watchers.
    pub(crate) watch_files: bool,
    /// Whether the client supports `workspace/diagnostic/refresh`.
    pub(crate) refresh: bool,
}

/// Negotiates the position encoding: UTF-8 when the client offers it, else UTF-16 (the LSP
/// default, which every client supports).
fn negotiate(params: &InitializeParams) -> (Encoding, PositionEncodingKind) {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|o| o.contains(&PositionEncodingKind::UTF8)) {
        (Encoding::Utf8, PositionEncodingKind::UTF8)
    } else {
        (Encoding::Utf16, PositionEncodingKind::UTF16)
    }
}

pub(crate) fn initialize(params: &InitializeParams, raw: &serde_json::Value) -> Init {
    let (encoding, kind) = negotiate(params);
    let text_document = params.capabilities.text_document.as_ref();
    let pull = text_document.and_then(|t| t.diagnostic.as_ref()).is_some();
    let related_information = text_document
        .and_then(|t| t.publish_diagnostics.as_ref())
        .and_then(|p| p.related_information)
        .unwrap_or(false)
        || pull;
    let watch_files = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    // The specification names this `workspace.diagnostics`; lsp-types reads `diagnostic`, so
    // look at the raw capabilities for both spellings.
    let workspace = &raw["capabilities"]["workspace"];
    let refresh = [&workspace["diagnostics"], &workspace["diagnostic"]]
        .iter()
        .any(|d| d["refreshSupport"].as_bool() == Some(true));
    let capabilities = ServerCapabilities {
        position_encoding: Some(kind),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some("tactful".into()),
            inter_file_dependencies: true,
            workspace_diagnostics: false,
            ..DiagnosticOptions::default()
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        ..ServerCapabilities::default()
    };
    Init {
        result: InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "tactful".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        },
        encoding,
        pull,
        related_information,
        watch_files,
        refresh,
    }
}
