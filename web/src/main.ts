import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './app.vue';
import { i18n } from './locales';
import { createAppRouter } from './router';
import { preloadAfterSignIn } from './router/preload';
import './styles/main.css';
import './styles/kit-forms.css';
import './styles/kit-record.css';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
const router = createAppRouter();
preloadAfterSignIn(router);
app.use(router);
app.mount('#app');
