//! Tickets area: threads and the inbox.

use super::*;

/// Runs this area's cases, each on a fresh store from `make`.
pub async fn run<F, Fut>(make: &F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    tickets_thread_and_inbox(make().await).await;
}

pub async fn tickets_thread_and_inbox(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let alpha = f.client(&ctx, "Alpha").await;
    let beta = f.client(&ctx, "Beta").await;
    let pa = PortalCtx {
        company: ctx.company,
        client: alpha.id,
        contact: alpha.primary_contact().unwrap().id,
        confirmed: true,
    };
    let pb = PortalCtx {
        company: ctx.company,
        client: beta.id,
        contact: beta.primary_contact().unwrap().id,
        confirmed: true,
    };
    assert!(matches!(
        f.crm.open_ticket(&pa, "", "x").await,
        Err(Error::Invalid(_))
    ));
    let t1 = f
        .crm
        .open_ticket(&pa, "Frage zur Rechnung", "Warum 19 %?")
        .await
        .unwrap();
    f.clock.advance(Duration::minutes(1));
    let t2 = f
        .crm
        .open_ticket(&pb, "Adresse ändern", "Neue Adresse: …")
        .await
        .unwrap();
    f.clock.advance(Duration::minutes(1));
    f.crm
        .staff_reply_ticket(&ctx, t1.id, "Max Muster", "Weil es der Regelsatz ist.")
        .await
        .unwrap();
    let mail = f.store().outbox(ctx.company, 10).await.unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].kind, TemplateKind::TicketReply);
    assert_eq!(mail[0].subject, "Re: Frage zur Rechnung");
    assert!(mail[0].text_body.contains("Weil es der Regelsatz ist."));
    let (t, msgs) = f.crm.ticket(&ctx, t1.id).await.unwrap();
    assert_eq!(t.status, TicketStatus::WaitingOnClient);
    assert_eq!(msgs.len(), 2);
    // Inbox: awaiting staff first.
    let inbox = f
        .crm
        .tickets(
            &ctx,
            TicketQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        inbox.iter().map(|t| t.id).collect::<Vec<_>>(),
        [t2.id, t1.id]
    );
    // Portal scoping.
    assert!(matches!(
        f.crm.portal_ticket(&pb, t1.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.portal_reply_ticket(&pb, t1.id, "hijack").await,
        Err(Error::NotFound(_))
    ));
    f.crm
        .portal_reply_ticket(&pa, t1.id, "Danke!")
        .await
        .unwrap();
    let closed = f.crm.close_ticket(&ctx, t1.id).await.unwrap();
    assert_eq!(closed.status, TicketStatus::Closed);
    let only_closed = f
        .crm
        .tickets(
            &ctx,
            TicketQuery {
                status: Some(TicketStatus::Closed),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(only_closed.len(), 1);
    // Closed is read-only for the client: nothing is added, the ticket stays closed.
    assert!(matches!(
        f.crm
            .portal_reply_ticket(&pa, t1.id, "Noch eine Frage")
            .await,
        Err(Error::TicketClosed)
    ));
    assert_eq!(
        f.crm.ticket(&ctx, t1.id).await.unwrap().0.status,
        TicketStatus::Closed
    );
    assert_eq!(f.crm.portal_ticket(&pa, t1.id).await.unwrap().1.len(), 3);
    // Staff can reopen it by replying.
    f.crm
        .staff_reply_ticket(&ctx, t1.id, "Team", "Wir sind wieder da.")
        .await
        .unwrap();
    assert_ne!(
        f.crm.ticket(&ctx, t1.id).await.unwrap().0.status,
        TicketStatus::Closed
    );
}
