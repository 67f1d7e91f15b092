/** Demo accounts the start script seeds once and prints. Not created by the test suite. */
export const DEMO_ACCOUNTS = [
  { label: 'Customer', username: 'demo', email: 'demo@example.com', password: 'harbour lantern orbit 42', mobile: '+447700900123', pin: '482916', role: 'customer' as const },
  { label: 'Staff reviewer', username: 'reviewer', email: 'reviewer@example.com', password: 'maple desk quiet river', role: 'staff' as const },
  { label: 'Admin', username: 'admin', email: 'admin@example.com', password: 'granite kettle violet sky', role: 'admin' as const },
];

