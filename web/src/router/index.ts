import { createRouter, createWebHistory } from 'vue-router';
import { installGuards } from './guards';
import { routes } from './routes';

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes });
  installGuards(router);
  return router;
}
