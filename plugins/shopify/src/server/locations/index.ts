export { registerLocationRoutes } from './routes.ts';
