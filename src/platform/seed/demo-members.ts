/**
 * The demo ring's members. Titles and descriptions come from ESCO (ESCO, European Commission, CC BY 4.0),
 * looked up by occupation id in data/esco/occupations.jsonl; the Ukrainian text is ours.
 */
export interface DemoMember {
  name: string;
  email: string;
  escoId: string;
  headlineUk: string;
  bioUk: string;
  skills: string[];
  categories: string[];
  location: string;
  remote: boolean;
  languages: string[];
  role?: "member" | "confidential";
}

export const DEMO_MEMBERS: DemoMember[] = [
  { name: "Олена Коваленко", email: "olena.kovalenko@demo.ringlet.dev", escoId: "2512.4", headlineUk: "Розробниця програмного забезпечення", bioUk: "Пишу бекенд на TypeScript і Go, люблю PostgreSQL і чисті API.", skills: ["TypeScript", "Node.js", "PostgreSQL", "Docker", "React"], categories: ["technology", "module_development"], location: "Kyiv", remote: true, languages: ["uk", "en"], role: "member" },
  { name: "Andriy Shevchenko", email: "andriy.shevchenko@demo.ringlet.dev", escoId: "2511.3", headlineUk: "Аналітик даних", bioUk: "Будую звіти й дашборди, автоматизую збір даних.", skills: ["SQL", "Python", "Power BI", "statistics"], categories: ["technology", "business"], location: "Lviv", remote: true, languages: ["uk", "en"], role: "member" },
  { name: "Iryna Bondarenko", email: "iryna.bondarenko@demo.ringlet.dev", escoId: "2513.5", headlineUk: "Веб-розробниця", bioUk: "Створюю швидкі та доступні сайти на Next.js.", skills: ["Next.js", "React", "CSS", "accessibility"], categories: ["technology", "branding_customization"], location: "Dnipro", remote: true, languages: ["uk", "en"], role: "member" },
  { name: "Taras Melnyk", email: "taras.melnyk@demo.ringlet.dev", escoId: "2521.1", headlineUk: "Адміністратор баз даних", bioUk: "Мігрую бази даних без простоїв, налаштовую реплікацію і резервні копії.", skills: ["PostgreSQL", "MySQL", "backups", "replication", "database migration"], categories: ["database_migration", "platform_deployment"], location: "Kharkiv", remote: true, languages: ["uk", "en"], role: "member" },
  { name: "Sofia Tkachenko", email: "sofia.tkachenko@demo.ringlet.dev", escoId: "2513.3", headlineUk: "Дизайнерка інтерфейсів", bioUk: "Проєктую інтерфейси, які зрозумілі з першого погляду.", skills: ["Figma", "UX research", "design systems"], categories: ["branding_customization", "technology"], location: "Odesa", remote: true, languages: ["uk", "en"], role: "member" },
  { name: "Mykola Kravchenko", email: "mykola.kravchenko@demo.ringlet.dev", escoId: "2411.1", headlineUk: "Бухгалтер", bioUk: "Веду облік для громадських організацій і малого бізнесу.", skills: ["accounting", "tax reporting", "IFRS", "payroll"], categories: ["finance", "business"], location: "Kyiv", remote: false, languages: ["uk"], role: "member" },
  { name: "Kateryna Oliynyk", email: "kateryna.oliynyk@demo.ringlet.dev", escoId: "2413.1", headlineUk: "Фінансова аналітикиня", bioUk: "Фінансові моделі, бюджетування та оцінка інвестицій.", skills: ["financial modelling", "Excel", "budgeting", "valuation"], categories: ["finance"], location: "Kyiv", remote: true, languages: ["uk", "en"], role: "member" },
  { name: "Dmytro Lysenko", email: "dmytro.lysenko@demo.ringlet.dev", escoId: "1221.3.2", headlineUk: "Маркетинг-менеджер", bioUk: "Запускаю продукти й будую спільноти навколо них.", skills: ["marketing strategy", "SEO", "content marketing", "analytics"], categories: ["business"], location: "Lviv", remote: true, languages: ["uk", "en", "pl"] },
  { name: "Natalia Savchenko", email: "natalia.savchenko@demo.ringlet.dev", escoId: "2643.6", headlineUk: "Перекладачка", bioUk: "Перекладаю технічну документацію та інтерфейси з англійської українською.", skills: ["translation", "localization", "terminology", "CAT tools"], categories: ["localization", "documentation_training"], location: "Chernihiv", remote: true, languages: ["uk", "en", "de"], role: "member" },
  { name: "Oleksandr Marchenko", email: "oleksandr.marchenko@demo.ringlet.dev", escoId: "2330.1", headlineUk: "Вчитель середньої школи", bioUk: "Викладаю інформатику й готую навчальні курси.", skills: ["teaching", "curriculum design", "computer science"], categories: ["education", "documentation_training"], location: "Poltava", remote: false, languages: ["uk"] },
  { name: "Yulia Rudenko", email: "yulia.rudenko@demo.ringlet.dev", escoId: "2166.9", headlineUk: "Графічна дизайнерка", bioUk: "Фірмовий стиль, логотипи та айдентика для спільнот.", skills: ["branding", "Illustrator", "typography", "logo design"], categories: ["branding_customization"], location: "Ivano-Frankivsk", remote: true, languages: ["uk", "en"] },
  { name: "Serhiy Polishchuk", email: "serhiy.polishchuk@demo.ringlet.dev", escoId: "2421.1", headlineUk: "Бізнес-аналітик", bioUk: "Перетворюю потреби бізнесу на зрозумілі вимоги.", skills: ["requirements analysis", "BPMN", "stakeholder management"], categories: ["business", "technology"], location: "Kyiv", remote: true, languages: ["uk", "en"], role: "member" },
  { name: "Anna Moroz", email: "anna.moroz@demo.ringlet.dev", escoId: "2262.1", headlineUk: "Фармацевтка", bioUk: "Консультую щодо ліків і веду облік аптечних запасів.", skills: ["pharmacology", "patient counselling", "inventory"], categories: ["healthcare"], location: "Vinnytsia", remote: false, languages: ["uk"] },
  { name: "Viktor Hnatyuk", email: "viktor.hnatyuk@demo.ringlet.dev", escoId: "2511.4", headlineUk: "Науковець з даних", bioUk: "Машинне навчання, NLP і рекомендаційні системи.", skills: ["machine learning", "Python", "NLP", "PyTorch", "LLM"], categories: ["ai_customization", "technology"], location: "Kyiv", remote: true, languages: ["uk", "en"], role: "confidential" },
  { name: "Oksana Kovalchuk", email: "oksana.kovalchuk@demo.ringlet.dev", escoId: "2611.1", headlineUk: "Юристка", bioUk: "Договори, захист даних і право інтелектуальної власності.", skills: ["contract law", "GDPR", "intellectual property"], categories: ["business", "other"], location: "Kyiv", remote: false, languages: ["uk", "en"], role: "confidential" },
  { name: "Roman Petrenko", email: "roman.petrenko@demo.ringlet.dev", escoId: "2512.4.1", headlineUk: "Блокчейн-розробник", bioUk: "Смарт-контракти на Solidity, аудит і токеноміка.", skills: ["Solidity", "Ethereum", "smart contracts", "token economics"], categories: ["smart_contracts", "token_economics"], location: "Kyiv", remote: true, languages: ["uk", "en"], role: "member" },
  { name: "Halyna Ivanenko", email: "halyna.ivanenko@demo.ringlet.dev", escoId: "2642.1", headlineUk: "Журналістка", bioUk: "Пишу про технології та громадянське суспільство.", skills: ["journalism", "editing", "interviewing", "fact-checking"], categories: ["other", "documentation_training"], location: "Lviv", remote: true, languages: ["uk", "en"] },
  { name: "Maksym Zinchenko", email: "maksym.zinchenko@demo.ringlet.dev", escoId: "1219.6", headlineUk: "Менеджер проєктів", bioUk: "Веду ІТ-проєкти від ідеї до запуску, Scrum і Kanban.", skills: ["project management", "Scrum", "risk management", "Jira"], categories: ["business", "platform_deployment"], location: "Zaporizhzhia", remote: true, languages: ["uk", "en"], role: "member" },
  { name: "Liudmyla Shvets", email: "liudmyla.shvets@demo.ringlet.dev", escoId: "2161.1", headlineUk: "Архітекторка", bioUk: "Проєктую громадські простори та відновлення будівель.", skills: ["architecture", "AutoCAD", "urban planning"], categories: ["other"], location: "Kharkiv", remote: false, languages: ["uk", "en"] },
  { name: "Bohdan Kuzmenko", email: "bohdan.kuzmenko@demo.ringlet.dev", escoId: "3434.1", headlineUk: "Шеф-кухар", bioUk: "Керую кухнею ресторану й навчаю молодих кухарів.", skills: ["cooking", "menu planning", "food safety", "team leadership"], categories: ["business", "education"], location: "Odesa", remote: false, languages: ["uk"] },
];
