export { selectNodeBackend, type NodeBackend } from '../tfjs/node-backend';
