//! Across areas: tenant isolation of every read and write, rollback of failed use cases, and
//! the metric invariant after many operations.

use super::*;

/// Runs this area's cases, each on a fresh store from `make`.
pub async fn run<F, Fut>(make: &F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Arc<dyn Store>>,
{
    tenant_isolation(make().await).await;
    store_writes_respect_tenancy(make().await).await;
    invalid_operations_change_nothing(make().await).await;
    failed_use_case_rolls_back_everything(make().await).await;
    metrics_equal_recomputation_after_many_operations(make().await).await;
}

pub async fn invalid_operations_change_nothing(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    // Bad client input: typed field errors, nothing stored.
    let mut bad = client_input("X");
    bad.name = " ".into();
    bad.contacts[0].email = "kein-email".into();
    bad.currency = Some("EUX".into());
    let Error::Invalid(errors) = f.crm.create_client(&ctx, &bad).await.unwrap_err() else {
        panic!("invalid")
    };
    assert!(
        errors.field("name").is_some()
            && errors.field("contacts[0].email").is_some()
            && errors.field("currency").is_some()
    );
    assert!(
        f.crm
            .list_clients(
                &ctx,
                ClientQuery {
                    limit: 10,
                    ..Default::default()
                }
            )
            .await
            .unwrap()
            .is_empty()
    );

    let client = f.client(&ctx, "Alpha").await;
    let mut neg = invoice_input(client.id, "10");
    neg.items[0].quantity = d("-1");
    let Error::Invalid(errors) = f.crm.create_invoice(&ctx, &neg).await.unwrap_err() else {
        panic!("invalid")
    };
    assert!(errors.field("items[0].quantity").is_some());
    assert!(
        f.store()
            .invoices_of_client(ctx.company, client.id)
            .await
            .unwrap()
            .is_empty()
    );

    let inv = f.issued_invoice(&ctx, &client, "100").await;
    let acts_before = f.crm.activities(&ctx, client.id, 100).await.unwrap().len();
    // Overpayment.
    let err = f
        .crm
        .record_payment(&ctx, inv.id, &pay("119.01"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Invoice(InvoiceError::Overpayment { .. })),
        "{err:?}"
    );
    // Sub-cent amount.
    assert!(matches!(
        f.crm.record_payment(&ctx, inv.id, &pay("0.001")).await,
        Err(Error::Invalid(_))
    ));
    // Wrong currency.
    let mut usd = pay("10");
    usd.currency = Some("USD".into());
    assert!(matches!(
        f.crm.record_payment(&ctx, inv.id, &usd).await,
        Err(Error::Invoice(InvoiceError::CurrencyMismatch { .. }))
    ));
    // Paying a cancelled invoice.
    f.crm.cancel_invoice(&ctx, inv.id).await.unwrap();
    let cancelled = f.crm.invoice(&ctx, inv.id).await.unwrap();
    let err = f
        .crm
        .record_payment(&ctx, inv.id, &pay("10"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Invoice(InvoiceError::Transition {
                from: InvoiceStatus::Cancelled,
                action: "pay"
            })
        ),
        "{err:?}"
    );
    assert_eq!(f.crm.invoice(&ctx, inv.id).await.unwrap(), cancelled);
    assert!(
        f.store()
            .payments_of_client(ctx.company, client.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        f.crm.activities(&ctx, client.id, 100).await.unwrap().len(),
        acts_before + 1
    );
    f.assert_metrics_consistent(&ctx, client.id).await;
    // Editing an issued invoice, cancelling a partly paid one.
    let inv2 = f.issued_invoice(&ctx, &client, "100").await;
    let err = f
        .crm
        .update_invoice(&ctx, inv2.id, &invoice_input(client.id, "5"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Invoice(InvoiceError::Transition { action: "edit", .. })
        ),
        "{err:?}"
    );
    f.crm
        .record_payment(&ctx, inv2.id, &pay("10"))
        .await
        .unwrap();
    // A partly paid invoice is cancelled by a cancellation invoice; what was paid is the
    // amount to refund.
    let (cancelled, storno) = f
        .crm
        .cancel_invoice_with(&ctx, inv2.id, &Default::default())
        .await
        .unwrap();
    let storno = storno.expect("an issued invoice gets a cancellation invoice");
    assert_eq!(cancelled.status, InvoiceStatus::Cancelled);
    assert_eq!(cancelled.refund_due(), d("10"));
    assert_eq!(storno.refund_due, d("10"));
    let err = f.crm.cancel_invoice(&ctx, inv2.id).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Invoice(InvoiceError::Transition {
                action: "cancel",
                ..
            })
        ),
        "{err:?}"
    );
    // Unknown ids.
    assert!(matches!(
        f.crm.issue_invoice(&ctx, InvoiceId::new()).await,
        Err(Error::NotFound(_))
    ));
    f.assert_metrics_consistent(&ctx, client.id).await;
}

/// A template engine whose rendering always fails: makes a use case fail after it wrote.
struct BrokenEngine(HandlebarsEngine);

impl TemplateEngine for BrokenEngine {
    fn validate(&self, kind: TemplateKind, t: &EmailTemplate) -> Result<(), TemplateError> {
        self.0.validate(kind, t)
    }
    fn render(
        &self,
        _: TemplateKind,
        _: &EmailTemplate,
        _: &serde_json::Value,
    ) -> Result<RenderedEmail, TemplateError> {
        Err(TemplateError::Invalid {
            part: "body",
            message: "simulated failure".into(),
        })
    }
    fn default_template(&self, kind: TemplateKind, locale: Locale) -> EmailTemplate {
        self.0.default_template(kind, locale)
    }
}

pub async fn failed_use_case_rolls_back_everything(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let draft = f
        .crm
        .create_invoice(&ctx, &invoice_input(client.id, "100"))
        .await
        .unwrap();
    let broken = f
        .crm
        .clone()
        .with_templates(Arc::new(BrokenEngine(HandlebarsEngine::new())));
    // send = issue (number, metrics, activity, magic link) + render email, which fails last.
    assert!(broken.send_invoice(&ctx, draft.id).await.is_err());
    assert_eq!(
        f.crm.invoice(&ctx, draft.id).await.unwrap(),
        draft,
        "invoice half-issued"
    );
    assert_eq!(
        f.assert_metrics_consistent(&ctx, client.id).await,
        ClientMetrics::default()
    );
    assert!(f.store().outbox(ctx.company, 10).await.unwrap().is_empty());
    // The number sequence rolled back too: no gap.
    let sent = f.crm.send_invoice(&ctx, draft.id).await.unwrap();
    assert_eq!(sent.number.as_deref(), Some("RE-00001"));
    assert_eq!(f.store().outbox(ctx.company, 10).await.unwrap().len(), 1);
}

pub async fn tenant_isolation(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, a) = f.company("A GmbH").await;
    let (_, b) = f.company("B GmbH").await;
    let client = f.client(&a, "Alpha").await;
    let inv = f.issued_invoice(&a, &client, "100").await;
    let paid = f.crm.record_payment(&a, inv.id, &pay("10")).await.unwrap();
    let q = f
        .crm
        .create_quote(
            &a,
            &QuoteInput {
                client_id: client.id,
                items: invoice_input(client.id, "1").items,
                valid_until: None,
                notes: None,
            },
        )
        .await
        .unwrap();
    let pa = PortalCtx {
        company: a.company,
        client: client.id,
        contact: client.primary_contact().unwrap().id,
        confirmed: true,
    };
    let ticket = f.crm.open_ticket(&pa, "Hallo", "Text").await.unwrap();
    f.crm
        .set_client_template(
            &a,
            client.id,
            TemplateKind::Quote,
            &EmailTemplate {
                subject: "A {{quote.number}}".into(),
                body: "b {{portal_url}}".into(),
            },
        )
        .await
        .unwrap();

    // B sees none of A's rows, through any read …
    assert!(matches!(
        f.crm.client(&b, client.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(
        f.crm
            .list_clients(
                &b,
                ClientQuery {
                    limit: 50,
                    ..Default::default()
                }
            )
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        f.crm
            .list_clients(
                &b,
                ClientQuery {
                    search: Some("alpha".into()),
                    limit: 50,
                    ..Default::default()
                }
            )
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        f.crm.dashboard(&b, client.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm
            .document_history(&b, client.id, &HistoryFilter::default(), None, 50)
            .await,
        Err(Error::NotFound(_))
    ));
    assert!(
        f.store()
            .document_history(
                b.company,
                Some(client.id),
                &HistoryFilter::default(),
                f.clock.today(),
                None,
                50
            )
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        f.crm.invoice(&b, inv.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.quote(&b, q.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(
        f.store()
            .client_metrics(b.company, client.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        f.store()
            .invoices_of_client(b.company, client.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        f.store()
            .payments_of_client(b.company, client.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        f.store()
            .payment(b.company, paid.payment().id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        f.store()
            .payment(a.company, paid.payment().id)
            .await
            .unwrap()
            .as_ref(),
        Some(paid.payment())
    );
    assert!(
        f.store()
            .payments_of_invoice(b.company, inv.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        f.store()
            .activities(b.company, client.id, 50)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        f.store()
            .client_template(b.company, client.id, TemplateKind::Quote)
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        f.crm.ticket(&b, ticket.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(
        f.crm
            .tickets(
                &b,
                TicketQuery {
                    limit: 50,
                    ..Default::default()
                }
            )
            .await
            .unwrap()
            .is_empty()
    );
    assert!(f.store().outbox(b.company, 50).await.unwrap().is_empty());
    assert!(
        f.store()
            .contact_by_email(b.company, "kontakt@alpha.example.com")
            .await
            .unwrap()
            .is_none()
    );
    // … and cannot change them through any write.
    let before_inv = f.crm.invoice(&a, inv.id).await.unwrap();
    assert!(matches!(
        f.crm.record_payment(&b, inv.id, &pay("1")).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.cancel_invoice(&b, inv.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.send_invoice(&b, inv.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm
            .refund_payment(
                &b,
                paid.payment().id,
                &RefundInput {
                    amount: d("1"),
                    date: None,
                    reason: None,
                    reference: None
                }
            )
            .await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm
            .update_client(&b, client.id, &client_input("Hijack"))
            .await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.archive_client(&b, client.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm
            .create_invoice(&b, &invoice_input(client.id, "1"))
            .await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.send_quote(&b, q.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.staff_reply_ticket(&b, ticket.id, "X", "y").await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.close_ticket(&b, ticket.id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm
            .set_client_template(
                &b,
                client.id,
                TemplateKind::Quote,
                &EmailTemplate {
                    subject: "x".into(),
                    body: "y {{portal_url}}".into()
                }
            )
            .await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.crm.issue_portal_link(&b, client.id, None, false).await,
        Err(Error::NotFound(_))
    ));
    f.crm
        .request_login_link(&b, "kontakt@alpha.example.com")
        .await
        .unwrap();
    assert!(f.store().outbox(b.company, 50).await.unwrap().is_empty());
    assert_eq!(f.crm.invoice(&a, inv.id).await.unwrap(), before_inv);
    // Numbering is per company.
    let bc = f.client(&b, "Bravo").await;
    assert_eq!(bc.number, "K-00001");
    let binv = f.issued_invoice(&b, &bc, "5").await;
    assert_eq!(binv.number.as_deref(), Some("RE-00001"));
    f.assert_metrics_consistent(&a, client.id).await;
}

pub async fn metrics_equal_recomputation_after_many_operations(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, ctx) = f.company("Muster GmbH").await;
    let clients = [f.client(&ctx, "Alpha").await, f.client(&ctx, "Beta").await];
    // A deterministic pseudo-random walk over issue / pay / refund / cancel.
    let mut seed: u64 = 0x5eed;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut invoices: Vec<InvoiceId> = Vec::new();
    for _ in 0..60 {
        let client = &clients[next(2) as usize];
        match next(4) {
            0 => {
                let cents = Decimal::from_u64(100 + next(100_000)).unwrap() / Decimal::ONE_HUNDRED;
                invoices.push(f.issued_invoice(&ctx, client, &cents.to_string()).await.id);
            }
            1 | 2 if !invoices.is_empty() => {
                let id = invoices[next(invoices.len() as u64) as usize];
                let inv = f.crm.invoice(&ctx, id).await.unwrap();
                if inv.balance > Decimal::ZERO {
                    let part = (inv.balance * Decimal::from_u64(1 + next(100)).unwrap()
                        / Decimal::ONE_HUNDRED)
                        .round_dp(2)
                        .max(d("0.01"));
                    f.crm
                        .record_payment(&ctx, id, &pay(&part.to_string()))
                        .await
                        .unwrap();
                }
            }
            3 if !invoices.is_empty() => {
                let id = invoices[next(invoices.len() as u64) as usize];
                let payments = f
                    .store()
                    .payments_of_invoice(ctx.company, id)
                    .await
                    .unwrap();
                if let Some(p) = payments.iter().find(|p| p.refundable() > Decimal::ZERO) {
                    f.crm
                        .refund_payment(
                            &ctx,
                            p.id,
                            &RefundInput {
                                amount: p.refundable(),
                                date: None,
                                reason: None,
                                reference: None,
                            },
                        )
                        .await
                        .unwrap();
                } else {
                    let _ = f.crm.cancel_invoice(&ctx, id).await;
                }
            }
            _ => {}
        }
    }
    for c in &clients {
        f.assert_metrics_consistent(&ctx, c.id).await;
    }
}

pub async fn store_writes_respect_tenancy(store: Arc<dyn Store>) {
    let f = Fixture::new(store);
    let (_, a) = f.company("A GmbH").await;
    let (_, b) = f.company("B GmbH").await;
    let client = f.client(&a, "Alpha").await;
    let contact = client.primary_contact().unwrap().id;
    let url = f
        .crm
        .issue_portal_link(&a, client.id, None, false)
        .await
        .unwrap();
    let t = EmailTemplate {
        subject: "A".into(),
        body: "a {{portal_url}}".into(),
    };
    let mut tx = f.store().begin().await.unwrap();
    assert!(
        tx.add_client_metrics(
            b.company,
            client.id,
            &ClientMetrics {
                total_invoiced: d("1"),
                total_paid: d("0"),
                outstanding: d("1"),
                costs_outstanding: d("1"),
            }
        )
        .await
        .is_err()
    );
    drop(tx);
    let mut tx = f.store().begin().await.unwrap();
    assert_eq!(
        tx.revoke_magic_links(b.company, contact, f.clock.now())
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        tx.end_sessions_of_contact(b.company, contact, f.clock.now())
            .await
            .unwrap(),
        0
    );
    assert!(
        tx.client_for_update(b.company, client.id)
            .await
            .unwrap()
            .is_none()
    );
    tx.commit().await.unwrap();
    let mut tx = f.store().begin().await.unwrap();
    assert!(
        tx.put_client_template(b.company, client.id, TemplateKind::Quote, &t)
            .await
            .is_err()
    );
    drop(tx);
    assert!(
        f.crm.redeem_link(&token_of(&url), false).await.is_ok(),
        "A's link still works"
    );
    assert_eq!(
        f.assert_metrics_consistent(&a, client.id).await,
        ClientMetrics::default()
    );
    assert!(
        f.store()
            .client_template(b.company, client.id, TemplateKind::Quote)
            .await
            .unwrap()
            .is_none()
    );
}
