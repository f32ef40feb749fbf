// notify-merchant: a stub that logs each SNS record.
exports.handler = async (event) => {
  for (const record of event.Records ?? []) console.log(record.Sns?.Message);
  return { notified: (event.Records ?? []).length };
};
