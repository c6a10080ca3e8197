export function webhookRoutes() { return []; }
