//! The payments area of the memory store.

use super::*;

#[async_trait]
impl PaymentStore for MemoryStore {
    async fn payments_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Payment>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<Payment> = s
            .payments
            .values()
            .filter(|p| p.company_id == company && p.client_id == client)
            .cloned()
            .collect();
        v.sort_by_key(|p| (p.created_at, p.id));
        Ok(v)
    }

    async fn refunds_of_client(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<Refund>, StoreError> {
        let s = self.state.lock().await;
        Ok(s.refunds
            .iter()
            .filter(|r| r.company_id == company && r.client_id == client)
            .cloned()
            .collect())
    }

    async fn payment(
        &self,
        company: CompanyId,
        id: PaymentId,
    ) -> Result<Option<Payment>, StoreError> {
        let s = self.state.lock().await;
        Ok(scoped(s.payments.get(&id), company, |p| p.company_id).cloned())
    }

    async fn payments_of_invoice(
        &self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Payment>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<Payment> = s
            .payments
            .values()
            .filter(|p| p.company_id == company && p.invoice_id == invoice)
            .cloned()
            .collect();
        v.sort_by_key(|p| (p.created_at, p.id));
        Ok(v)
    }

    async fn payment_reviews(
        &self,
        company: CompanyId,
        limit: u32,
    ) -> Result<Vec<PaymentReview>, StoreError> {
        let s = self.state.lock().await;
        let mut v: Vec<PaymentReview> = s
            .reviews
            .iter()
            .filter(|r| r.company_id == company)
            .cloned()
            .collect();
        v.sort_by_key(|r| std::cmp::Reverse((r.created_at, r.id)));
        v.truncate(limit as usize);
        Ok(v)
    }
}

#[async_trait]
impl PaymentTx for MemoryTx {
    async fn invoice_payments(
        &mut self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Payment>, StoreError> {
        let mut v: Vec<Payment> = self
            .work
            .payments
            .values()
            .filter(|p| p.company_id == company && p.invoice_id == invoice)
            .cloned()
            .collect();
        v.sort_by_key(|p| (p.created_at, p.id));
        Ok(v)
    }

    async fn payment_by_reference(
        &mut self,
        company: CompanyId,
        reference: &str,
    ) -> Result<Option<Payment>, StoreError> {
        Ok(self
            .work
            .payments
            .values()
            .find(|p| p.company_id == company && p.reference.as_deref() == Some(reference))
            .cloned())
    }

    async fn payments_with_reference(
        &mut self,
        reference: &str,
    ) -> Result<Vec<Payment>, StoreError> {
        Ok(self
            .work
            .payments
            .values()
            .filter(|p| p.reference.as_deref() == Some(reference))
            .take(2)
            .cloned()
            .collect())
    }

    async fn payment_for_update(
        &mut self,
        company: CompanyId,
        id: PaymentId,
    ) -> Result<Option<Payment>, StoreError> {
        Ok(scoped(self.work.payments.get(&id), company, |p| p.company_id).cloned())
    }

    async fn insert_payment(&mut self, payment: &Payment) -> Result<(), StoreError> {
        if let Some(r) = &payment.reference
            && self
                .work
                .payments
                .values()
                .any(|p| p.company_id == payment.company_id && p.reference.as_deref() == Some(r))
        {
            return Err(StoreError::Conflict("payment_reference"));
        }
        self.work.payments.insert(payment.id, payment.clone());
        Ok(())
    }

    async fn update_payment(&mut self, payment: &Payment) -> Result<(), StoreError> {
        let slot = self
            .work
            .payments
            .get_mut(&payment.id)
            .filter(|p| p.company_id == payment.company_id)
            .ok_or(missing("payment"))?;
        *slot = payment.clone();
        Ok(())
    }

    async fn refund_by_reference(
        &mut self,
        company: CompanyId,
        reference: &str,
    ) -> Result<Option<Refund>, StoreError> {
        Ok(self
            .work
            .refunds
            .iter()
            .find(|r| r.company_id == company && r.reference.as_deref() == Some(reference))
            .cloned())
    }

    async fn insert_refund(&mut self, refund: &Refund) -> Result<(), StoreError> {
        if let Some(r) = &refund.reference
            && self
                .refund_by_reference(refund.company_id, r)
                .await?
                .is_some()
        {
            return Err(StoreError::Conflict("refund_reference"));
        }
        self.work.refunds.push(refund.clone());
        Ok(())
    }

    async fn record_webhook_event(
        &mut self,
        provider: &str,
        event_id: &str,
        _at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if !self
            .work
            .webhook_events
            .insert((provider.to_owned(), event_id.to_owned()))
        {
            return Err(StoreError::Conflict("webhook_event"));
        }
        Ok(())
    }

    async fn insert_payment_review(&mut self, review: &PaymentReview) -> Result<(), StoreError> {
        if !self.work.companies.contains_key(&review.company_id) {
            return Err(missing("company"));
        }
        self.work.reviews.push(review.clone());
        Ok(())
    }

    async fn checkout_attempt(
        &mut self,
        company: CompanyId,
        provider: &str,
        session_id: &str,
    ) -> Result<Option<CheckoutAttempt>, StoreError> {
        Ok(self
            .work
            .checkout_attempts
            .get(&(provider.to_owned(), session_id.to_owned()))
            .filter(|a| a.company_id == company)
            .cloned())
    }

    async fn checkout_attempts_of_invoice(
        &mut self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<CheckoutAttempt>, StoreError> {
        let mut v: Vec<CheckoutAttempt> = self
            .work
            .checkout_attempts
            .values()
            .filter(|a| a.company_id == company && a.invoice_id == invoice)
            .cloned()
            .collect();
        v.sort_by(|a, b| (a.updated_at, &a.session_id).cmp(&(b.updated_at, &b.session_id)));
        Ok(v)
    }

    async fn put_checkout_attempt(&mut self, attempt: &CheckoutAttempt) -> Result<(), StoreError> {
        if !self.work.invoices.contains_key(&attempt.invoice_id) {
            return Err(missing("invoice"));
        }
        self.work.checkout_attempts.insert(
            (attempt.provider.clone(), attempt.session_id.clone()),
            attempt.clone(),
        );
        Ok(())
    }
}
