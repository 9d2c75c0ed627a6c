//! The built-in sample product: a web shop's checkout team, believable enough to show every
//! view (visions with goals, a Now / Next / Later roadmap, a groomed backlog, six closed
//! sprints with real burndowns and an uneven velocity to forecast from, an active and a
//! planned sprint). Pure: dates are relative to the `today` passed in, and `--stories N`
//! scales the backlog for benchmarks.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};

use crate::model::{
    EpicDraft, EpicId, EpicStatus, Goal, GoalRef, Horizon, ModelError, Place, Product, Rice,
    SprintDraft, SprintId, StoryDraft, StoryId, StoryStatus, VisionDraft, VisionId,
};

/// The number of stories in the hand-written sample.
pub const BASE_STORIES: usize = 66;

/// The closed sprints before the last one, oldest first: enough history to forecast from.
const PAST_SPRINTS: usize = 5;

/// Sprints are two weeks long, back to back.
const SPRINT_DAYS: i64 = 14;

/// Which sprint a sample story was planned into.
#[derive(Clone, Copy, PartialEq)]
enum In {
    /// One of the earlier closed sprints, 0 the oldest.
    Past(usize),
    /// The last closed sprint.
    Closed,
    Active,
    Planned,
    Backlog,
}

struct Sample {
    epic: usize,
    title: &'static str,
    as_a: &'static str,
    i_want: &'static str,
    so_that: &'static str,
    points: Option<u32>,
    status: StoryStatus,
    sprint: In,
    criteria: &'static [&'static str],
    labels: &'static [&'static str],
    assignee: Option<&'static str>,
}

macro_rules! s {
    ($epic:expr, $title:expr, $as:expr, $want:expr, $so:expr, $pts:expr, $st:ident,
     $sp:ident $(($past:expr))?, [$($ac:expr),*], [$($l:expr),*], $who:expr) => {
        Sample {
            epic: $epic, title: $title, as_a: $as, i_want: $want, so_that: $so, points: $pts,
            status: StoryStatus::$st, sprint: In::$sp $(($past))?, criteria: &[$($ac),*],
            labels: &[$($l),*], assignee: $who,
        }
    };
}

const SHOPPER: &str = "shopper";
const RETURNING: &str = "returning customer";
const SUPPORT: &str = "support agent";

#[rustfmt::skip]
const SAMPLES: [Sample; BASE_STORIES] = [
    // Closed sprint: all done, at different days, so the burndown has a real shape.
    s!(0, "Checkout without an account", SHOPPER, "to pay without creating an account", "I can buy in under a minute", Some(5), Done, Closed, ["Guest can reach payment with only email and address", "No password field is shown"], ["checkout"], Some("ana")),
    s!(0, "Email receipt for guest orders", SHOPPER, "a receipt by email", "I have proof of purchase", Some(3), Done, Closed, ["Receipt is sent within a minute", "Receipt lists items, totals and address"], ["checkout", "email"], Some("ben")),
    s!(0, "Address autocomplete", SHOPPER, "my address suggested as I type", "I make fewer typos", Some(5), Done, Closed, ["Suggestions appear after 3 characters", "Manual entry still possible"], ["checkout"], Some("chen")),
    s!(1, "Card form validation", SHOPPER, "to see card mistakes before I submit", "payment does not fail at the end", Some(3), Done, Closed, ["Invalid number is flagged inline", "Expiry in the past is refused"], ["payments"], Some("ana")),
    s!(0, "Order summary sidebar", SHOPPER, "to see my basket while paying", "I know what I am paying for", Some(2), Done, Closed, ["Sidebar shows items and total", "Collapses on mobile"], ["checkout", "ui"], Some("dara")),
    s!(5, "Keyboard navigation in checkout", "keyboard user", "to complete checkout without a mouse", "I can shop independently", Some(5), Done, Closed, ["Every control reachable by Tab", "Focus is always visible"], ["a11y"], Some("chen")),
    s!(0, "Delivery option picker", SHOPPER, "to choose standard or express delivery", "I get my order when I need it", Some(3), Done, Closed, ["Prices shown per option", "Estimated date shown"], ["checkout"], Some("ben")),
    // Active sprint: a mix of every working status.
    s!(1, "Save a card at checkout", RETURNING, "to save my card when paying", "next time is faster", Some(5), Done, Active, ["Opt-in checkbox, unticked by default", "Card stored with the payment provider, not by us"], ["payments"], Some("ana")),
    s!(1, "Pay with a saved card", RETURNING, "to pick a saved card", "I do not type my number again", Some(3), Done, Active, ["Saved cards listed with last four digits", "CVC asked again"], ["payments"], Some("ben")),
    s!(1, "Remove a saved card", RETURNING, "to delete a saved card", "I stay in control of my data", Some(2), Done, Active, ["Delete asks for confirmation", "Card removed at the provider too"], ["payments", "privacy"], Some("dara")),
    s!(1, "3-D Secure challenge flow", SHOPPER, "my bank's check to open in place", "I am not sent away from the shop", Some(8), Review, Active, ["Challenge shown in a modal", "Failure returns to payment step with a message"], ["payments"], Some("chen")),
    s!(0, "Guest order lookup", SHOPPER, "to look up my guest order by email and number", "I can check it without an account", Some(5), Review, Active, ["Wrong pair gives one generic message", "Rate-limited"], ["checkout", "security"], Some("ana")),
    s!(1, "Apple Pay button", "mobile shopper", "to pay with Apple Pay", "I pay with one touch", Some(5), InProgress, Active, ["Button only on supported devices", "Order confirmed on success"], ["payments", "mobile"], Some("ben")),
    s!(5, "Screen reader labels for payment fields", "screen reader user", "each payment field announced clearly", "I know what to enter", Some(3), InProgress, Active, ["All inputs have labels", "Errors are announced"], ["a11y"], Some("dara")),
    s!(0, "Convert guest to account after order", SHOPPER, "to create an account from my order confirmation", "my details are kept", Some(3), Ready, Active, ["One field: choose a password", "Order is attached to the new account"], ["checkout"], None),
    s!(1, "Payment error messages", SHOPPER, "to understand why a payment failed", "I can fix it and retry", Some(2), Ready, Active, ["Declined, expired and network errors worded apart"], ["payments", "ui"], None),
    // Planned sprint: groomed and ready.
    s!(2, "Order status page", RETURNING, "to see where my order is", "I do not need to call support", Some(5), Ready, Planned, ["Shows placed, packed, shipped, delivered", "Dates for each step"], ["orders"], None),
    s!(2, "Shipping notification email", RETURNING, "an email when my order ships", "I know when to expect it", Some(3), Ready, Planned, ["Email has carrier and tracking link"], ["orders", "email"], None),
    s!(2, "Carrier tracking link", RETURNING, "a link to the carrier's tracking", "I see live delivery updates", Some(2), Ready, Planned, ["Link opens carrier page for the parcel"], ["orders"], None),
    s!(1, "Google Pay button", "mobile shopper", "to pay with Google Pay", "I pay with one touch on Android", Some(5), Ready, Planned, ["Button only on supported devices", "Order confirmed on success"], ["payments", "mobile"], None),
    // The rest of the backlog, from groomed to rough.
    s!(2, "Delivery window in status page", RETURNING, "the expected delivery window", "I can plan to be home", Some(3), Ready, Backlog, ["Window shown as a date range"], ["orders"], None),
    s!(3, "Start a return online", RETURNING, "to start a return from my order page", "I do not need to email support", Some(8), Ready, Backlog, ["Choose items and a reason", "Return label emailed"], ["returns"], None),
    s!(3, "Return label PDF", RETURNING, "a printable return label", "I can post the parcel", Some(3), Ready, Backlog, ["PDF fits A4 and Letter"], ["returns"], None),
    s!(3, "Refund status", RETURNING, "to see when my refund is paid", "I am not left wondering", Some(3), Draft, Backlog, ["Shows received, inspected, refunded"], ["returns"], None),
    s!(2, "Support view of order timeline", SUPPORT, "the full timeline of an order", "I answer customers in one place", Some(5), Ready, Backlog, ["Every status change with time and actor"], ["orders", "support"], None),
    s!(5, "Colour contrast fixes", "low-vision user", "text with enough contrast", "I can read prices and buttons", Some(2), Ready, Backlog, ["All text meets WCAG AA contrast"], ["a11y"], None),
    s!(3, "Exchange instead of refund", RETURNING, "to exchange an item for another size", "I get the right fit quickly", None, Draft, Backlog, [], ["returns"], None),
    s!(4, "Points for every purchase", RETURNING, "to earn points when I buy", "I have a reason to come back", Some(8), Draft, Backlog, ["1 point per currency unit", "Points shown on the receipt"], ["loyalty"], None),
    s!(4, "Redeem points at checkout", RETURNING, "to pay part of an order with points", "my loyalty pays off", Some(8), Draft, Backlog, [], ["loyalty", "checkout"], None),
    s!(4, "Loyalty tiers", RETURNING, "to reach silver and gold tiers", "I get better perks over time", None, Draft, Backlog, [], ["loyalty"], None),
    s!(0, "Remember guest address on this device", SHOPPER, "my address remembered on this device", "my next guest order is faster", Some(3), Ready, Backlog, ["Stored only with consent", "Can be cleared"], ["checkout", "privacy"], None),
    s!(1, "Split payment across two cards", SHOPPER, "to pay with two cards", "I can use a gift card and a credit card", Some(13), Draft, Backlog, [], ["payments"], None),
    s!(2, "Push notification on delivery", "mobile shopper", "a push message when my parcel arrives", "I can collect it quickly", Some(5), Draft, Backlog, [], ["orders", "mobile"], None),
    s!(3, "Return reasons report", "category manager", "a weekly report of return reasons", "we fix the products people send back", Some(5), Draft, Backlog, ["Grouped by product and reason"], ["returns", "reporting"], None),
    s!(5, "Skip link to main content", "keyboard user", "a skip link at the top of every page", "I do not tab through the menu each time", Some(1), Ready, Backlog, ["First Tab focuses the skip link"], ["a11y"], None),
    s!(4, "Birthday bonus points", RETURNING, "bonus points on my birthday", "I feel valued", Some(3), Draft, Backlog, [], ["loyalty"], None),
    s!(2, "Pick-up point delivery", SHOPPER, "to collect my parcel at a pick-up point", "I do not have to be home", Some(8), Draft, Backlog, [], ["orders", "checkout"], None),
    s!(0, "Promo code field", SHOPPER, "to enter a promo code", "I get my discount", Some(3), Ready, Backlog, ["Invalid code explained", "Discount shown in total"], ["checkout"], None),
    s!(5, "Accessible error summaries", "screen reader user", "a summary of form errors at the top", "I find every problem", Some(2), Draft, Backlog, [], ["a11y"], None),
    s!(3, "Drop-off QR code", RETURNING, "a QR code instead of a printed label", "I can return without a printer", Some(5), Draft, Backlog, [], ["returns", "mobile"], None),
    // The five sprints before the last closed one: the team's history, at an uneven pace
    // (16, 21, 14, 19 and 22 points), so forecasts have a real spread to draw from.
    s!(5, "Accessibility audit of checkout", "accessibility lead", "a list of every barrier in checkout", "we fix the worst first", Some(5), Done, Past(0), ["Audit covers every checkout page", "Findings ranked by severity"], ["a11y"], Some("dara")),
    s!(0, "Basket page redesign", SHOPPER, "a clearer basket page", "I see what I am about to buy", Some(5), Done, Past(0), ["Items, quantities and prices in one table"], ["checkout", "ui"], Some("ben")),
    s!(0, "Quantity stepper in the basket", SHOPPER, "to change quantities in the basket", "I do not start my order over", Some(3), Done, Past(0), ["Plus and minus buttons", "Zero removes the item"], ["checkout"], Some("ana")),
    s!(5, "Visible focus outline", "keyboard user", "to see which control has focus", "I know where I am on the page", Some(3), Done, Past(0), ["Outline visible on every control"], ["a11y"], Some("dara")),
    s!(0, "Checkout step indicator", SHOPPER, "to see how many steps are left", "I know how long paying takes", Some(3), Done, Past(1), ["Current step highlighted"], ["checkout", "ui"], Some("chen")),
    s!(0, "Single-page checkout layout", SHOPPER, "every checkout step on one page", "I never lose my place", Some(8), Done, Past(1), ["Address, delivery and payment on one page", "Back button keeps what I typed"], ["checkout"], Some("ana")),
    s!(0, "Tax and shipping in the total", SHOPPER, "the full price before I pay", "there are no surprises at the end", Some(5), Done, Past(1), ["Total includes tax and shipping"], ["checkout"], Some("ben")),
    s!(5, "Basket images described", "screen reader user", "basket images described", "I know which item is which", Some(2), Done, Past(1), ["Every basket image has alt text"], ["a11y"], Some("dara")),
    s!(0, "Postcode lookup", SHOPPER, "my street found from my postcode", "I type less", Some(3), Done, Past(1), ["Lookup offers matching streets"], ["checkout"], Some("chen")),
    s!(0, "Email field first", SHOPPER, "to give my email first", "the shop can help me if I stop half-way", Some(2), Done, Past(2), ["Email is the first field"], ["checkout"], Some("ana")),
    s!(0, "Express delivery cut-off time", SHOPPER, "to know the cut-off for next-day delivery", "I order in time", Some(3), Done, Past(2), ["Cut-off shown beside express delivery"], ["checkout"], Some("ben")),
    s!(5, "Errors next to their fields", SHOPPER, "each error shown next to its field", "I find the mistake quickly", Some(3), Done, Past(2), ["Error text sits under the field"], ["a11y", "ui"], Some("dara")),
    s!(0, "Basket kept across visits", RETURNING, "my basket kept when I come back", "I can finish buying later", Some(5), Done, Past(2), ["Basket kept for 30 days"], ["checkout"], Some("chen")),
    s!(0, "Plain terms checkbox", SHOPPER, "the terms in one plain sentence", "I know what I agree to", Some(1), Done, Past(2), ["Sentence links to the full terms"], ["checkout"], Some("ana")),
    s!(0, "Guest checkout flow design", SHOPPER, "a checkout that does not ask me to sign up", "I can buy straight away", Some(5), Done, Past(3), ["Flow tested with five shoppers"], ["checkout", "ui"], Some("chen")),
    s!(0, "Phone number optional", SHOPPER, "to skip giving my phone number", "I share only what is needed", Some(2), Done, Past(3), ["Phone field marked optional"], ["checkout", "privacy"], Some("ana")),
    s!(0, "Billing same as delivery", SHOPPER, "the billing address copied from delivery", "I type it only once", Some(3), Done, Past(3), ["Ticked by default"], ["checkout"], Some("ben")),
    s!(5, "Larger tap targets on mobile", "mobile shopper", "buttons big enough to tap", "I do not hit the wrong one", Some(3), Done, Past(3), ["Every target at least 44 by 44 pixels"], ["a11y", "mobile"], Some("dara")),
    s!(0, "Checkout funnel events", "product manager", "every checkout step counted", "we see where shoppers give up", Some(5), Done, Past(3), ["One event per step", "No personal data in events"], ["checkout", "reporting"], Some("chen")),
    s!(0, "Searchable country picker", SHOPPER, "to type my country's name", "I do not scroll a list of 200", Some(1), Done, Past(3), ["Matches on any part of the name"], ["checkout"], Some("ana")),
    s!(0, "Guest email check", SHOPPER, "a warning when my email looks mistyped", "my receipt reaches me", Some(5), Done, Past(4), ["Common domain typos flagged"], ["checkout", "email"], Some("ben")),
    s!(0, "Order confirmation page", SHOPPER, "a clear page after paying", "I know the order went through", Some(5), Done, Past(4), ["Order number and delivery date shown"], ["checkout"], Some("chen")),
    s!(0, "Guest checkout for a share of shoppers", "product manager", "guest checkout switched on for a share of shoppers", "we measure it before everyone gets it", Some(3), Done, Past(4), ["Share set without a release"], ["checkout"], Some("ana")),
    s!(5, "Reduced motion in checkout", "shopper sensitive to motion", "animations off when my system asks for it", "the page does not make me dizzy", Some(2), Done, Past(4), ["Respects the reduced-motion setting"], ["a11y"], Some("dara")),
    s!(0, "Delivery address checked as I type", SHOPPER, "an unknown address flagged before I pay", "my parcel is not lost", Some(5), Done, Past(4), ["Unknown addresses flagged inline"], ["checkout"], Some("ben")),
    s!(0, "Basket limit message", SHOPPER, "to be told when an item is limited per order", "I am not surprised at payment", Some(2), Done, Past(4), ["Limit shown beside the quantity"], ["checkout"], Some("chen")),
];

/// Builds the sample product with `stories` stories (at least the 40 hand-written ones;
/// more are variations of them, added to the bottom of the backlog).
pub fn sample(today: NaiveDate, stories: usize) -> Result<Product, ModelError> {
    let mut p = Product::new("Harbour Goods web shop");
    let visions = add_visions(&mut p, today)?;
    let epics = add_epics(&mut p, today, &visions)?;
    let sprints = add_sprints(&mut p, today)?;
    let at = |days_from_today: i64, hour: u32| moment(today, days_from_today, hour);

    let mut ids: Vec<StoryId> = Vec::new();
    for (n, sample) in SAMPLES.iter().enumerate() {
        let sprint = match sample.sprint {
            In::Past(k) => Some(sprints.past[k]),
            In::Closed => Some(sprints.closed),
            In::Active => Some(sprints.active),
            In::Planned => Some(sprints.planned),
            In::Backlog => None,
        };
        let draft = StoryDraft {
            title: sample.title.into(),
            as_a: sample.as_a.into(),
            i_want: sample.i_want.into(),
            so_that: sample.so_that.into(),
            acceptance_criteria: sample.criteria.iter().map(|c| c.to_string()).collect(),
            points: sample.points,
            epic: Some(epics[sample.epic]),
            sprint: None,
            labels: sample.labels.iter().map(|l| l.to_string()).collect(),
            assignee: sample.assignee.map(str::to_string),
            ..StoryDraft::default()
        };
        let created = at(created_day(sample, n), 9);
        let id = p.add_story(draft, Place::Bottom, created)?;
        walk_history(&mut p, id, sample, n, today)?;
        if let Some(sp) = sprint {
            p.plan_stories(sp, &[id], created)?;
        }
        ids.push(id);
    }
    for (k, sprint) in sprints.past.iter().enumerate() {
        let start = past_start(k);
        p.start_sprint(*sprint, at(start, 9))?;
        p.close_sprint(*sprint, None, at(start + SPRINT_DAYS - 1, 17))?;
    }
    p.start_sprint(sprints.closed, at(-19, 9))?;
    p.close_sprint(sprints.closed, None, at(-6, 17))?;
    // Finished work sinks below what is still to do, as a groomed backlog reads.
    for (sample, id) in SAMPLES.iter().zip(&ids) {
        if matches!(sample.sprint, In::Closed | In::Past(_)) {
            p.move_story(*id, Place::Bottom)?;
        }
    }
    p.start_sprint(sprints.active, at(-5, 9))?;
    // Pulled in from the next sprint mid-way: the burndown and the review mark the change.
    p.plan_stories(sprints.active, &[ids[18]], at(-2, 11))?;
    p.update_story(
        ids[13],
        crate::model::StoryPatch {
            blocked_by: Some(vec![ids[10]]),
            ..Default::default()
        },
        at(-3, 10),
    )?;
    p.update_story(
        ids[29],
        crate::model::StoryPatch {
            blocked_by: Some(vec![ids[27]]),
            ..Default::default()
        },
        at(-20, 10),
    )?;
    add_variations(
        &mut p,
        &epics,
        stories.saturating_sub(BASE_STORIES),
        at(-30, 9),
    )?;
    Ok(p)
}

/// Gives a story a status history that ends in its sample status, on dates that fit its
/// sprint, so burndowns and cycle times look real.
fn walk_history(
    p: &mut Product,
    id: StoryId,
    sample: &Sample,
    n: usize,
    today: NaiveDate,
) -> Result<(), ModelError> {
    use StoryStatus::*;
    let flow = [Ready, InProgress, Review, Done];
    let last = flow.iter().position(|s| *s == sample.status);
    let Some(last) = last else {
        return Ok(()); // still a draft
    };
    // Day offsets (from today) at which the story entered each status.
    let days: [i64; 4] = match sample.sprint {
        In::Past(k) => {
            let done = past_start(k) + 1 + (n as i64 * 3) % 11;
            [past_start(k) - 4, done - 2, done - 1, done]
        }
        In::Closed => {
            let done = -18 + (n as i64 * 2) % 12; // spread across the closed sprint
            [-25, done - 3, done - 1, done]
        }
        In::Active => {
            let done = -4 + (n as i64) % 4;
            [-12, done - 2, done - 1, done]
        }
        _ => [-10 + (n as i64) % 7, 0, 0, 0],
    };
    for (step, status) in flow.iter().enumerate().take(last + 1) {
        p.set_story_status(id, *status, moment(today, days[step], 10 + step as u32))?;
    }
    if sample.status == Done {
        // Finished work met its acceptance criteria.
        let ticks = (1..=sample.criteria.len()).map(|n| (n, true)).collect();
        let patch = crate::model::StoryPatch {
            criteria_done: ticks,
            ..Default::default()
        };
        p.update_story(id, patch, moment(today, days[3], 15))?;
    }
    Ok(())
}

fn add_variations(
    p: &mut Product,
    epics: &[EpicId],
    count: usize,
    created: DateTime<Utc>,
) -> Result<(), ModelError> {
    let statuses = [StoryStatus::Draft, StoryStatus::Ready];
    for i in 0..count {
        let base = &SAMPLES[i % BASE_STORIES];
        let draft = StoryDraft {
            title: format!("{} (variant {})", base.title, i / BASE_STORIES + 2),
            as_a: base.as_a.into(),
            i_want: base.i_want.into(),
            so_that: base.so_that.into(),
            acceptance_criteria: base.criteria.iter().map(|c| c.to_string()).collect(),
            points: base.points,
            status: Some(statuses[i % statuses.len()]),
            epic: Some(epics[base.epic]),
            labels: base.labels.iter().map(|l| l.to_string()).collect(),
            ..StoryDraft::default()
        };
        p.add_story(draft, Place::Bottom, created)?;
    }
    Ok(())
}

/// The business goals, as (text, baseline, target, days from today to the due date, the
/// readings, the last of them 5 days ago). Between them they show every track
/// state: conversion on track, checkout time at risk, tickets off track (order tracking has
/// not started), and repeat purchases with no due date.
type GoalSample = (
    &'static str,
    &'static str,
    &'static str,
    Option<i64>,
    &'static [f64],
);

const GOALS: [[GoalSample; 2]; 2] = [
    [
        (
            "Checkout conversion",
            "3.1%",
            "4%",
            Some(200),
            &[3.1, 3.2, 3.3, 3.35, 3.5],
        ),
        (
            "Median checkout time",
            "160s",
            "60s",
            Some(200),
            &[160.0, 152.0, 145.0, 138.0, 130.0],
        ),
    ],
    [
        (
            "Where-is-my-order tickets",
            "1200/month",
            "400/month",
            Some(60),
            &[1200.0, 1180.0, 1150.0, 1100.0, 1050.0],
        ),
        (
            "Repeat purchase rate",
            "22%",
            "30%",
            None,
            &[22.0, 22.5, 23.0],
        ),
    ],
];

/// The goals are set 120 days ago; readings follow every month.
const GOALS_SET: i64 = -120;
const READING_DAYS: [i64; 5] = [-120, -90, -60, -30, -5];

fn goals(today: NaiveDate, samples: &[GoalSample; 2]) -> Vec<Goal> {
    samples
        .iter()
        .map(|(text, baseline, target, due, _)| {
            let mut g = Goal::parse(&format!("{text}: {baseline} -> {target}"));
            g.due = due.map(|d| shift(today, d));
            g.since = Some(shift(today, GOALS_SET));
            g
        })
        .collect()
}

fn add_visions(p: &mut Product, today: NaiveDate) -> Result<[VisionId; 2], ModelError> {
    let first = p.add_vision(VisionDraft {
        title: "Effortless checkout".into(),
        statement: "For busy shoppers who want to buy in a minute, Harbour Goods is the shop where paying is the easy part.".into(),
        target_group: "Shoppers on mobile, half of them first-time buyers".into(),
        needs: "Pay fast, trust the shop with their card, no forced account".into(),
        product: "A one-page checkout with guest purchase and saved payment methods".into(),
        goals: goals(today, &GOALS[0]),
    })?;
    let second = p.add_vision(VisionDraft {
        title: "After-sale confidence".into(),
        statement: "Customers always know where their order is and can return it without talking to anyone.".into(),
        target_group: "Returning customers".into(),
        needs: "Know the order status; return without friction".into(),
        product: "Order tracking and self-service returns".into(),
        goals: goals(today, &GOALS[1]),
    })?;
    let visions = [first, second];
    for (vision, samples) in visions.iter().zip(&GOALS) {
        for (number, (_, _, _, _, readings)) in samples.iter().enumerate() {
            let goal = GoalRef::new(*vision, number + 1);
            // The latest readings are recent for every goal.
            let days = &READING_DAYS[READING_DAYS.len().saturating_sub(readings.len())..];
            for (value, day) in readings.iter().zip(days) {
                let date = shift(today, *day);
                p.measure_goal(goal, &value.to_string(), date, today, None)?;
            }
        }
    }
    Ok(visions)
}

fn add_epics(
    p: &mut Product,
    today: NaiveDate,
    v: &[VisionId; 2],
) -> Result<Vec<EpicId>, ModelError> {
    let d = |days: i64| shift(today, days);
    let rice = |reach, impact, confidence, effort| {
        Some(Rice {
            reach,
            impact,
            confidence,
            effort,
        })
    };
    #[rustfmt::skip]
    let epics = [
        ("Guest checkout", "Buy without an account, from basket to receipt.", v[0], EpicStatus::Active, Horizon::Now, Some(d(-89)), Some(d(10)), rice(9000.0, 2.0, 80.0, 3.0), "checkout"),
        ("Saved payment methods", "Store cards with the provider and pay with one tap, including wallets.", v[0], EpicStatus::Active, Horizon::Now, Some(d(-20)), Some(d(35)), rice(6000.0, 2.0, 70.0, 4.0), "payments"),
        ("Order tracking", "One page that says where an order is, and emails when it moves.", v[1], EpicStatus::Planned, Horizon::Next, Some(d(9)), Some(d(60)), rice(7000.0, 1.0, 80.0, 2.0), "orders"),
        ("Self-service returns", "Start a return, print or scan a label, follow the refund.", v[1], EpicStatus::Proposed, Horizon::Next, Some(d(40)), Some(d(110)), rice(3000.0, 2.0, 50.0, 5.0), "returns"),
        ("Loyalty programme", "Points, tiers and perks that bring customers back.", v[1], EpicStatus::Proposed, Horizon::Later, Some(d(100)), Some(d(200)), rice(5000.0, 1.0, 30.0, 8.0), "loyalty"),
        ("Accessibility fixes", "Everything found by the audit, fixed across checkout.", v[0], EpicStatus::Active, Horizon::Now, None, None, rice(2000.0, 3.0, 90.0, 2.0), "a11y"),
    ];
    // The goals of its vision each epic serves, by number.
    let serves: [&[usize]; 6] = [&[1, 2], &[1, 2], &[1], &[2], &[2], &[1]];
    let mut ids = Vec::new();
    for ((title, description, vision, status, horizon, start, target, rice, label), goals) in
        epics.into_iter().zip(serves)
    {
        let id = p.add_epic(EpicDraft {
            title: title.into(),
            description: description.into(),
            vision: Some(vision),
            status: Some(status),
            horizon: Some(horizon),
            start,
            target,
            rice,
            labels: vec![label.into()],
        })?;
        let goals = goals.iter().map(|n| GoalRef::new(vision, *n)).collect();
        p.set_epic_serves(id, goals)?;
        ids.push(id);
    }
    Ok(ids)
}

/// The demo's sprints, oldest first.
struct Sprints {
    past: [SprintId; PAST_SPRINTS],
    closed: SprintId,
    active: SprintId,
    planned: SprintId,
}

/// The first day (from today) of earlier closed sprint `k`; the last one closed starts at -19.
fn past_start(k: usize) -> i64 {
    -19 - SPRINT_DAYS * (PAST_SPRINTS - k) as i64
}

/// Stories of the earlier sprints were written a little before their sprint began; the
/// rest over the last weeks, a few a day.
fn created_day(sample: &Sample, n: usize) -> i64 {
    match sample.sprint {
        In::Past(k) => past_start(k) - 10,
        _ => -40 + n as i64 / 4,
    }
}

fn add_sprints(p: &mut Product, today: NaiveDate) -> Result<Sprints, ModelError> {
    let d = |days: i64| shift(today, days);
    const PAST_GOALS: [&str; PAST_SPRINTS] = [
        "Know every accessibility barrier in checkout",
        "Checkout fits on one page",
        "Fewer shoppers abandon the basket",
        "Guest checkout designed and measured",
        "Guest checkout live for a share of shoppers",
    ];
    let mut past = [SprintId(0); PAST_SPRINTS];
    for (k, goal) in PAST_GOALS.iter().enumerate() {
        let start = past_start(k);
        past[k] = p.add_sprint(SprintDraft {
            name: format!("Sprint {}", 9 + k),
            goal: (*goal).into(),
            start: d(start),
            end: d(start + SPRINT_DAYS - 1),
            capacity: Some(24),
        })?;
    }
    let closed = p.add_sprint(SprintDraft {
        name: "Sprint 14".into(),
        goal: "Guests can buy without an account".into(),
        start: d(-19),
        end: d(-6),
        capacity: Some(28),
    })?;
    let active = p.add_sprint(SprintDraft {
        name: "Sprint 15".into(),
        goal: "Returning customers pay with a saved card".into(),
        start: d(-5),
        end: d(8),
        capacity: Some(30),
    })?;
    let planned = p.add_sprint(SprintDraft {
        name: "Sprint 16".into(),
        goal: "Customers can see where their order is".into(),
        start: d(9),
        end: d(22),
        capacity: Some(28),
    })?;
    Ok(Sprints {
        past,
        closed,
        active,
        planned,
    })
}

fn shift(today: NaiveDate, days: i64) -> NaiveDate {
    let n = Days::new(days.unsigned_abs());
    let shifted = if days >= 0 {
        today.checked_add_days(n)
    } else {
        today.checked_sub_days(n)
    };
    shifted.unwrap_or(today)
}

fn moment(today: NaiveDate, days: i64, hour: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(hour.min(23), 0, 0).unwrap_or(NaiveTime::MIN);
    shift(today, days).and_time(time).and_utc()
}
