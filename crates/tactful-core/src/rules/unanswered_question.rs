//! `unanswered-question`: a question in the ticket the draft never addresses.

use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::packs::QuestionKind;
use crate::rules::{Context, OptionKind, OptionMeta, Rule, RuleMeta, quote};
use crate::text::TextRange;

pub(crate) struct UnansweredQuestion;

pub(crate) static META: RuleMeta = RuleMeta {
    id: "unanswered-question",
    summary: "a question in the customer's message that the draft never addresses",
    default_severity: Severity::Warning,
    fixable: false,
    docs: DOCS,
    options: &[OptionMeta {
        key: "threshold",
        kind: OptionKind::Number { min: 0.1, max: 2.0 },
        default: 0.6,
        doc: "score a question needs to count as addressed (higher flags more)",
    }],
};

const DOCS: &str = "\
## What it flags

Each question in the customer's message that the draft does not address. The finding quotes the
question, and its related location points at it in the ticket.

## Why it matters to the customer

An unanswered question costs the customer another message and another wait, and tells them the
reply was written without reading what they asked. The second question in a ticket is the one
most often missed.

## How it decides

1. Questions are sentences with a \"?\" and sentences that ask without one: \"I'd like to know
   whether…\", \"please let me know how…\", \"can you check…\", \"I need to…\". Pleasantries
   (\"How are you?\") and outbursts (\"Are you kidding me?\") are not questions, nor is an
   example of the question before it (\"e.g. can we…?\"). Two questions joined in one sentence
   (\"Is there a charge, and can he stay in the room?\") are judged one by one; alternatives
   (\"…, or do I need an A record?\") are one question.
2. Each question gets a type from its interrogative: yes/no, how, when, where, how much, why,
   what, or a request. A \"when\" that opens a condition (\"when I come back, will…\") does not
   make a when-question.
3. For each window of the draft (a sentence and its neighbours) tactful measures how much of the
   question's content it covers: stemmed words (\"reset\" matches \"resetting\"), synonyms folded
   (\"refund\" and \"money back\"), words of one family (\"registering\" and \"registration\")
   and words sharing their usual sense (\"fault\" and \"mistake\", from WordNet) matched, rare
   words weighing more than common ones. A word that names
   a kind of answer is covered by that kind (\"a date\" by \"by 9 May\", \"more expensive\" by a
   price). A short question borrows the words of the sentence it leans on, and \"it\" stands
   for the problem the ticket opens with. Lines of sympathy (\"I'm sorry the lamp arrived
   broken\") show the topic but answer nothing.
4. A sentence giving the kind of answer the question asks for adds to the score: a yes or no
   (\"Yes, …\", or the question's subject echoed with its verb: \"upgrading wouldn't help\",
   or named beside a yes or no in other words: \"your daughter is welcome to\", \"there's no
   need to start again\", or one alternative of an either-or question named first: \"Pro rata:
   …\" for \"the full month or pro rata?\"), steps or \"you can…\", a cause, a price (\"it's on us\" is one), a
   date or time, a place, a team or role for \"who…?\" (\"our reception team can move it for
   you\"), a refusal, or an explicit
   deferral (\"I'll check on the invoice and get back to you\"). The answer must be about this
   question: it names a word only this question uses, and a sentence that plainly answers
   another question in the ticket does not answer this one too.
5. A direct where, when or how-much question needs an answer of its kind (a place, a time, an
   amount): a passage that only mentions its topic counts for little.
   The only who, where, when or how-much question in the ticket takes an answer of its kind
   that no other question has a claim on, even in other words.
6. A question whose best score reaches `threshold` (default 0.6) is addressed.

Without a ticket (no `--ticket`, nothing quoted) the rule says nothing.

## Example

Ticket: \"Can I move my domain to another host? And will my email keep working?\"
Draft: \"Yes, you can move your domain at any time from the Domains page.\"

The second question is flagged: nothing in the draft speaks to email.

## Options

- `threshold` (number, default 0.6)
";

impl Rule for UnansweredQuestion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(ticket) = cx.ticket else { return };
        let anchor = cx
            .draft
            .sentences
            .first()
            .map_or(TextRange::default(), |s| s.range);
        for q in cx.questions.iter().filter(|q| !q.addressed) {
            let asked = quote(ticket.prose(q.range), 90);
            let what = match q.kind {
                QuestionKind::Polar => "a yes or no, with what it means for them",
                QuestionKind::How => "the steps",
                QuestionKind::When => "a date or time, or when you'll know",
                QuestionKind::Where => "where to find it",
                QuestionKind::Quantity => "the amount",
                QuestionKind::Why => "what caused it",
                QuestionKind::Request => "what you did, will do, or can't do",
                QuestionKind::What | QuestionKind::Who | QuestionKind::Generic => "a direct answer",
            };
            out.push(Diagnostic {
                rule: META.id,
                severity: META.default_severity,
                message: format!("The customer asked {asked}, and the draft doesn't answer it."),
                note: "An unanswered question costs the customer another message and another wait, and tells them nobody read it closely.".into(),
                help: format!(
                    "Answer it directly ({what}), or say when you will: “I'll check on this and get back to you by …”."
                ),
                range: anchor,
                related: vec![Related {
                    origin: cx.ticket_origin,
                    range: q.range,
                    message: "asked here".into(),
                }],
                fixes: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Audience;
    use crate::rules::testing::findings;

    fn unanswered(ticket: &str, draft: &str) -> Vec<String> {
        findings(
            "unanswered-question",
            Some(ticket),
            draft,
            Audience::General,
        )
        .iter()
        .map(|d| d.related[0].range.slice(ticket).to_string())
        .collect()
    }

    #[test]
    fn the_second_question_is_missed() {
        let ticket = "Hi, can I move my domain to another host? And will my email keep working during the move?";
        let draft = "Hi Sam,\n\nYes, you can move your domain at any time from the Domains page.\n\nBest, Ana";
        assert_eq!(
            unanswered(ticket, draft),
            ["And will my email keep working during the move?"]
        );
    }

    #[test]
    fn answered_in_other_words() {
        let ticket = "Is there a way to export all my invoices at once?";
        let draft = "Hi! Open Billing, choose Invoices, then click Download all. You'll get a single ZIP file.";
        assert!(unanswered(ticket, draft).is_empty());
    }

    #[test]
    fn a_deferral_counts() {
        let ticket =
            "Why was I charged twice this month? I'd like to know whether I'll get the money back.";
        let draft = "I'm sorry about the double charge. I'm checking with our billing team why it happened, and I'll get back to you by Friday about the refund.";
        assert!(
            unanswered(ticket, draft).is_empty(),
            "{:?}",
            unanswered(ticket, draft)
        );
    }

    #[test]
    fn indirect_questions_are_found() {
        let ticket =
            "Hello. I would like to know whether the Pro plan includes phone support. Thanks, Zoë";
        let draft = "Thanks for your interest in our plans!";
        assert_eq!(unanswered(ticket, draft).len(), 1);
    }

    #[test]
    fn pleasantries_are_not_questions() {
        let ticket = "Hope you're well? How are you? The export works now, thanks.";
        let draft = "Glad to hear it!";
        assert!(unanswered(ticket, draft).is_empty());
    }

    #[test]
    fn no_ticket_no_findings() {
        assert!(findings("unanswered-question", None, "Hello?", Audience::General).is_empty());
    }
}

#[cfg(test)]
mod declared {
    use crate::config::Audience;
    use crate::rules::testing::findings;

    #[test]
    fn front_matter_questions_stand_in_for_a_ticket() {
        let draft = "---\ntitle: Refund\nquestions:\n  - \"When will I get my money back?\"\n  - Can I have store credit instead?\n---\nHi {{first_name}},\n\nYour refund is on its way: expect it within 5 business days.\n";
        let d = findings("unanswered-question", None, draft, Audience::General);
        let asked: Vec<&str> = d.iter().map(|d| d.related[0].range.slice(draft)).collect();
        assert_eq!(asked, ["Can I have store credit instead?"]);
    }
}

#[cfg(test)]
mod single {
    use crate::config::Audience;
    use crate::rules::testing::findings;

    #[test]
    fn an_unrelated_statement_does_not_answer_a_lone_yes_no_question() {
        let ticket = "Does the Pro plan include phone support?";
        let draft = "Thanks for writing in. Our office is closed on public holidays.";
        assert_eq!(
            findings(
                "unanswered-question",
                Some(ticket),
                draft,
                Audience::General
            )
            .len(),
            1
        );
    }

    #[test]
    fn steps_answer_a_lone_how_question_in_other_words() {
        let ticket = "My phone was replaced and the app won't let me in. How do I get back in?";
        let draft = "Tap Verify with ID on the login screen, then scan your passport.";
        assert!(
            findings(
                "unanswered-question",
                Some(ticket),
                draft,
                Audience::General
            )
            .is_empty()
        );
    }
}
