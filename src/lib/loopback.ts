/**
 * Whether a host name or address stays on this machine: `localhost`, 127.0.0.0/8, ::1, and the
 * IPv4-mapped form Node reports for IPv4 peers on a dual-stack socket. Brackets are accepted, as
 * URL.hostname gives them for IPv6.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h);
}
