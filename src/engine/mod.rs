//! Running actions and flows for any front end: [`run_action`] and
//! [`run_flow`] build, send, check and extract, tell a [`Listener`] what
//! happens as it happens, and return what came of it. The engine never
//! prints and never asks whether anything is a terminal; `test`, flows
//! and `test --all` are listeners (commands/run.rs prints a trace), and
//! so is any new front end.
//!
//! What a listener shows must stay masked: [`Event::SecretsResolved`]
//! hands over a [`Redactor`] for every value resolved from then on, and
//! the outcome's exchange may echo them, so whatever a listener or a
//! caller shows passes through the redactors it was handed.

mod action;
mod flow;

pub(crate) use action::{Outcome, resolve_stored_secrets, run_action};
pub(crate) use flow::{StepOutcome, run_flow};

use crate::core::extract::Extracted;
use crate::core::request::{Request, Routes};
use crate::io::secrets::{Redactor, SecretSources};
use crate::io::transport::Exchange;

/// How to run: where to send, how long to wait, how much to read, and
/// where secrets come from.
pub(crate) struct RunOptions<'a> {
    /// Overrides the action's `timeout:`.
    pub timeout: Option<std::time::Duration>,
    /// Answer from the action's `mock:` section on loopback; secrets not
    /// stored are sent as placeholders.
    pub mock: bool,
    /// Under `--mock`, the answer name to serve for an action id
    /// (`--mock=NAME`, a case's `mock:`); other actions answer with the
    /// first answer whose `when:` their values meet.
    pub mock_picks: &'a std::collections::HashMap<String, String>,
    /// Where requests go instead of their own origin (`--base-url`, the
    /// selected environment's `base_urls` and `base_url`); `mock` wins.
    pub routes: &'a Routes,
    /// Largest response body read.
    pub max_response_bytes: u64,
    /// Redirects followed at most.
    pub max_redirects: u32,
    /// Opens the secret sources; called only by a run that needs
    /// secrets, since opening a keychain can take a while.
    pub secrets: &'a dyn Fn() -> SecretSources,
}

/// Something that happened in a run, in the order it happened.
pub(crate) enum Event<'a> {
    /// Step `step` of `total` starts, running `action`.
    StepStarted {
        step: usize,
        total: usize,
        action: &'a str,
    },
    /// Under `--mock`, secret `name` is not stored: a placeholder is sent.
    SecretPlaceholder(&'a str),
    /// Secret values are known from now on: mask with this whatever is
    /// shown (traces, bodies, documents, errors).
    SecretsResolved(&'a Redactor),
    /// Something the user may want to know (no keychain reachable, …).
    Note(&'a str),
    /// The request is about to be sent, as built (secrets symbolic).
    Request(&'a Request),
    /// The request is on its way; nothing happens until [`Event::WaitOver`].
    Waiting,
    /// The exchange is over, complete or failed.
    WaitOver,
    /// The response; `passed` when its status is one `expect` accepts.
    Response {
        exchange: &'a Exchange,
        passed: bool,
    },
    /// The checks of `expect` beyond status ran (after
    /// [`Event::Response`], whatever the status): every check, masked.
    Checked(&'a [crate::core::check::CheckResult]),
    /// The action has a `response:` section: what the agent is handed
    /// (after [`Event::Checked`], from the masked body).
    AgentSees(&'a crate::core::shape::Shaped),
    /// The status is outside `expect` or a check failed, so `extract:`
    /// did not run.
    ExtractSkipped,
    /// The `extract:` results (empty when the action extracts nothing).
    Extracted(&'a [Extracted]),
    /// The attempt at one action is over. (Why a flow stopped is in
    /// the flow's outcome.)
    ActionDone(&'a Outcome),
}

/// Whoever wants to know what a run does.
pub(crate) trait Listener {
    /// Called for each event, in order, on the running thread.
    fn on(&mut self, event: Event<'_>);
}

#[cfg(test)]
mod tests;
