// notify-customer: subscribed to order-events (SNS). Each record carries
// one order event; a real handler would send the customer a message.
exports.handler = async (event) => {
  for (const record of event.Records ?? []) {
    const message = JSON.parse(record.Sns.Message);
    console.log(JSON.stringify({ notify: message.detail?.customerId ?? null, subject: record.Sns.Subject ?? null }));
  }
  return { notified: (event.Records ?? []).length };
};
