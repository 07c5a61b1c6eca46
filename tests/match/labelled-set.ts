/**
 * A hand-graded set for the match score: three users (their job settings and skills as the
 * platform holds them) and 22 jobs each, written the way Naukri, LinkedIn and Indeed print them.
 * Each job was graded for its user BEFORE any score was computed:
 *   3 = apply now (the role, the city, the pay), 2 = worth a look (one thing off or unknown),
 *   1 = a stretch (adjacent role, wrong city or pay below the minimum), 0 = not for this user.
 * Several jobs are traps for keyword matching: the right words in the wrong role, city or pay.
 */
import type { RawJob } from "../../supabase/functions/job-fetcher/normalise.ts";
import type { MatchProfile } from "../../supabase/functions/job-fetcher/score.ts";

export interface LabelledJob extends RawJob {
  grade: 0 | 1 | 2 | 3;
}

export interface LabelledUser {
  name: string;
  profile: MatchProfile;
  jobs: LabelledJob[];
}

let n = 0;
function job(
  grade: LabelledJob["grade"],
  title: string,
  company: string,
  location: string,
  salary_text: string | null,
  experience_text: string | null,
  description: string,
  skills: string[] = [],
): LabelledJob {
  n += 1;
  return {
    grade,
    external_job_id: `L${n}`,
    title,
    company,
    location,
    salary_text,
    experience_text,
    description,
    skills,
    job_url: `https://www.naukri.com/job-listings-${n}`,
  };
}

const asha: LabelledUser = {
  name: "Asha (senior backend, Bengaluru or remote, ≥ 25 LPA)",
  profile: {
    roles: ["Senior Backend Engineer", "Backend Developer"],
    locations: ["Bengaluru", "Remote"],
    min_lpa: 25,
    company_types: [],
    skills: ["go", "postgresql", "kubernetes", "typescript", "docker", "grpc", "redis"],
    experience_years: null,
  },
  jobs: [
    job(3, "Senior Backend Engineer", "Razorpay", "Bangalore/Bengaluru", "30-45 Lacs P.A.", "5-9 Yrs",
      "Own payment APIs in Go. PostgreSQL, Redis, Kubernetes.", ["Go", "PostgreSQL", "Redis", "Kubernetes"]),
    job(3, "Sr. Backend Developer (Golang)", "Zerodha", "Bengaluru, Karnataka, India", "₹32,00,000 - ₹40,00,000 a year",
      "5+ years", "Build trading backends with gRPC and Postgres.", ["Golang", "gRPC", "PostgreSQL"]),
    job(3, "Backend Engineer III", "Atlassian", "Remote", "40-60 Lacs P.A.", "6-10 Yrs",
      "Distributed services in Go and TypeScript on Kubernetes.", ["Go", "TypeScript", "Kubernetes", "Docker"]),
    job(2, "Senior Software Engineer - Backend", "Swiggy", "Bangalore/Bengaluru", "Not disclosed", "4-8 Yrs",
      "Order platform. Java or Go, Redis, Kafka.", ["Java", "Go", "Redis", "Kafka"]),
    job(2, "Backend Developer", "Freshworks", "Hybrid - Chennai, Bengaluru", "20-28 Lacs P.A.", "3-6 Yrs",
      "Ruby on Rails and Go microservices, PostgreSQL, Docker.", ["Ruby", "Go", "PostgreSQL", "Docker"]),
    job(2, "Senior Platform Engineer", "Postman", "Bengaluru", "35-50 LPA", "5-10 Yrs",
      "Kubernetes operators in Go, Docker, Terraform; platform reliability.", ["Go", "Kubernetes", "Docker", "Terraform"]),
    job(1, "Senior Backend Engineer", "Paytm", "Noida, Uttar Pradesh, India", "30-40 Lacs P.A.", "5-8 Yrs",
      "Wallet services in Go and PostgreSQL; on-site in Noida.", ["Go", "PostgreSQL"]),
    job(1, "Backend Developer", "TinyStartup Labs", "Bengaluru", "8-12 Lacs P.A.", "2-4 Yrs",
      "Node.js and TypeScript APIs, PostgreSQL, Docker, Redis.", ["Node.js", "TypeScript", "PostgreSQL", "Docker", "Redis"]),
    job(1, "Senior Java Developer", "Infosys Ltd", "Bangalore/Bengaluru", "18-25 Lacs P.A.", "6-10 Yrs",
      "Spring Boot services, Oracle, Docker.", ["Java", "Spring Boot", "Docker"]),
    job(0, "Backend Engineering Intern", "Acme Robotics", "Bengaluru", "₹25,000 a month", "Fresher",
      "Learn Go, Docker and Kubernetes with our backend team.", ["Go", "Docker", "Kubernetes"]),
    job(0, "Technical Sales Manager - Kubernetes & Docker", "CloudSell", "Bengaluru", "25-35 LPA", "8-12 Yrs",
      "Sell our Kubernetes, Docker and PostgreSQL managed services; gRPC and Redis knowledge a plus.",
      ["Sales", "Kubernetes", "Docker"]),
    job(0, "Frontend Developer", "Meesho", "Bengaluru", "20-30 Lacs P.A.", "3-6 Yrs",
      "React and TypeScript web apps.", ["React", "TypeScript"]),
    job(1, "Site Reliability Engineer", "PhonePe", "Pune", "28-40 Lacs P.A.", "4-8 Yrs",
      "Kubernetes, Docker, Go tooling, Redis, PostgreSQL on-call.", ["Kubernetes", "Docker", "Go", "Redis"]),
    job(0, "Data Entry Operator", "QuickStaff", "Bengaluru", "₹15,000 a month", "0-1 Yrs", "Typing and Excel."),
    job(2, "Staff Backend Engineer", "Uber", "Bengaluru, Karnataka, India", null, "10+ Yrs",
      "Lead backend design for marketplace services in Go.", ["Go"]),
    job(3, "Senior Backend Engineer (Go)", "Groww", "Bangalore/Bengaluru", "35-50 Lacs P.A.", "4-8 Yrs",
      "Investment platform backends: Go, gRPC, PostgreSQL, Redis, Kubernetes.", ["Go", "gRPC", "PostgreSQL", "Redis"]),
    job(1, "Backend Developer", "Capgemini", "Mumbai (All Areas)", "12-18 Lacs P.A.", "3-5 Yrs",
      "Go, PostgreSQL, Docker on client projects.", ["Go", "PostgreSQL", "Docker"]),
    job(0, "HR Business Partner", "Flipkart", "Bengaluru", "25-30 LPA", "6-10 Yrs", "People partnering for engineering teams."),
    job(2, "Senior Software Engineer", "Microsoft", "Hyderabad/Secunderabad, Bangalore/Bengaluru", "Not disclosed", "5-10 Yrs",
      "Azure storage backend services in C++ and Go.", ["C++", "Go", "Distributed Systems"]),
    job(0, "Go-to-Market Analyst", "Unacademy", "Bengaluru", "10-15 LPA", "1-3 Yrs",
      "Go-to-market analysis; Excel, SQL."),
    job(1, "DevOps Engineer", "Tech Mahindra", "Remote", "10-14 Lacs P.A.", "3-6 Yrs",
      "Docker, Kubernetes, CI/CD, scripting.", ["Docker", "Kubernetes", "Jenkins"]),
    job(3, "Backend Engineer - Payments", "CRED", "Bengaluru", "₹1.2 Cr", "7-12 Yrs",
      "Payments backends in Go on Kubernetes, PostgreSQL, Redis.", ["Go", "Kubernetes", "PostgreSQL", "Redis"]),
  ],
};

const rahul: LabelledUser = {
  name: "Rahul (frontend, Pune or Mumbai, ≥ 8 LPA)",
  profile: {
    roles: ["Frontend Developer", "React Developer"],
    locations: ["Pune", "Mumbai"],
    min_lpa: 8,
    company_types: [],
    skills: ["javascript", "typescript", "react", "css", "html", "next.js", "tailwind"],
    experience_years: null,
  },
  jobs: [
    job(3, "Frontend Developer", "Persistent Systems", "Pune", "10-15 Lacs P.A.", "2-5 Yrs",
      "React, TypeScript and CSS for enterprise dashboards.", ["React", "TypeScript", "CSS"]),
    job(3, "React Developer", "Druva", "Pune, Maharashtra, India", "₹12,00,000 - ₹18,00,000 a year", "3-5 Yrs",
      "React, Next.js and Tailwind product UI.", ["React", "Next.js", "Tailwind"]),
    job(3, "Front End Developer (React.js)", "Nykaa", "Mumbai (All Areas)", "9-14 Lacs P.A.", "2-4 Yrs",
      "Build storefront pages in React and TypeScript.", ["React.js", "TypeScript", "HTML", "CSS"]),
    job(2, "UI Developer", "LTIMindtree", "Mumbai", "Not disclosed", "2-6 Yrs",
      "HTML, CSS, JavaScript, React for banking portals.", ["HTML", "CSS", "JavaScript", "React"]),
    job(2, "React.js Developer", "Quick Heal", "Hybrid - Pune", "6-10 Lacs P.A.", "1-3 Yrs",
      "React with Redux, JavaScript.", ["React.js", "Redux", "JavaScript"]),
    job(2, "Frontend Engineer", "BrowserStack", "Remote", "18-30 Lacs P.A.", "3-6 Yrs",
      "TypeScript and React for testing tools.", ["TypeScript", "React"]),
    job(1, "Frontend Developer", "Zoho", "Chennai, Tamil Nadu, India", "8-12 Lacs P.A.", "2-5 Yrs",
      "JavaScript, HTML and CSS.", ["JavaScript", "HTML", "CSS"]),
    job(1, "Full Stack Developer", "Bajaj Finserv", "Pune", "10-16 Lacs P.A.", "3-6 Yrs",
      "React front end and Java Spring back end.", ["React", "Java", "Spring"]),
    job(1, "React Native Developer", "Dream11", "Mumbai", "15-22 Lacs P.A.", "3-5 Yrs",
      "Mobile apps in React Native and TypeScript.", ["React Native", "TypeScript"]),
    job(0, "Senior Frontend Architect", "Walmart Global Tech", "Bengaluru", "60-80 Lacs P.A.", "12-18 Yrs",
      "Lead frontend architecture across React, TypeScript, Next.js, CSS platforms.",
      ["React", "TypeScript", "Next.js", "CSS", "HTML", "JavaScript"]),
    job(0, "Content Writer - JavaScript & React Tutorials", "TechBlog Media", "Pune", "3-4 Lacs P.A.", "0-2 Yrs",
      "Write React, JavaScript, TypeScript, CSS, HTML and Tailwind tutorials.", ["Writing", "React", "JavaScript"]),
    job(0, "Java Backend Developer", "TCS", "Pune", "8-12 Lacs P.A.", "3-5 Yrs", "Spring Boot, Hibernate, Oracle.",
      ["Java", "Spring Boot"]),
    job(2, "Frontend Developer", "Cognizant", "Pune", "5-8 Lacs P.A.", "1-4 Yrs",
      "Angular and TypeScript maintenance; some React.", ["Angular", "TypeScript"]),
    job(3, "Senior React Developer", "Mindtickle", "Pune", "18-25 LPA", "4-6 Yrs",
      "React, TypeScript, Next.js, Tailwind design system.", ["React", "TypeScript", "Next.js", "Tailwind"]),
    job(1, "Web Designer", "CreativeCo", "Mumbai", "4-6 Lacs P.A.", "1-3 Yrs", "Figma, HTML, CSS, some JavaScript.",
      ["Figma", "HTML", "CSS"]),
    job(0, "Sales Executive", "Reliance Retail", "Mumbai", "3-5 Lacs P.A.", "0-2 Yrs", "Field sales."),
    job(2, "Software Engineer - Frontend", "Amdocs", "Pune", null, "2-5 Yrs",
      "Web UI in React and JavaScript.", ["React", "JavaScript"]),
    job(1, "Frontend Developer Intern", "EdTech Start", "Remote", "₹15,000 a month", "Fresher",
      "Learn React and Tailwind.", ["React", "Tailwind"]),
    job(0, "Data Scientist", "Fractal", "Mumbai", "20-30 LPA", "3-6 Yrs", "Python, ML, SQL."),
    job(3, "Frontend Developer (Next.js)", "Jio Platforms", "Navi Mumbai, Maharashtra", "12-20 Lacs P.A.", "2-5 Yrs",
      "Next.js, React, TypeScript, Tailwind.", ["Next.js", "React", "TypeScript", "Tailwind"]),
    job(0, "QA Engineer", "Capgemini", "Pune", "6-9 Lacs P.A.", "2-4 Yrs", "Selenium test automation with JavaScript.",
      ["Selenium", "JavaScript"]),
    job(1, "React Developer", "Infosys Limited", "Hyderabad/Secunderabad", "7-11 Lacs P.A.", "2-4 Yrs",
      "React and Redux.", ["React", "Redux"]),
  ],
};

const priya: LabelledUser = {
  name: "Priya (data analyst, Delhi NCR, ≥ 10 LPA)",
  profile: {
    roles: ["Data Analyst", "Business Analyst"],
    locations: ["Gurugram", "Noida", "Delhi"],
    min_lpa: 10,
    company_types: [],
    skills: ["sql", "python", "excel", "power bi", "tableau", "pandas"],
    experience_years: null,
  },
  jobs: [
    job(3, "Data Analyst", "Zomato", "Gurgaon, Haryana", "12-18 Lacs P.A.", "2-4 Yrs",
      "SQL, Python and Tableau dashboards for growth.", ["SQL", "Python", "Tableau"]),
    job(3, "Business Analyst", "MakeMyTrip", "Gurugram", "₹14,00,000 - ₹20,00,000 a year", "2-5 Yrs",
      "SQL, Excel, Power BI reporting for pricing.", ["SQL", "Excel", "Power BI"]),
    job(3, "Senior Data Analyst", "Paytm", "Noida, Uttar Pradesh, India", "15-22 Lacs P.A.", "3-6 Yrs",
      "Python (pandas), SQL, Tableau.", ["Python", "Pandas", "SQL", "Tableau"]),
    job(2, "Data Analyst", "Policybazaar", "Gurgaon", "Not disclosed", "1-4 Yrs", "SQL and Excel reporting.",
      ["SQL", "Excel"]),
    job(2, "Product Analyst", "Airtel", "Gurugram", "12-16 LPA", "2-4 Yrs", "SQL, Python, experimentation.",
      ["SQL", "Python"]),
    job(2, "Business Intelligence Analyst", "Genpact", "Delhi / NCR", "9-13 Lacs P.A.", "2-5 Yrs",
      "Power BI, SQL, Excel.", ["Power BI", "SQL", "Excel"]),
    job(1, "Data Analyst", "Swiggy", "Bangalore/Bengaluru", "14-20 Lacs P.A.", "2-4 Yrs",
      "SQL, Python, Tableau for operations.", ["SQL", "Python", "Tableau"]),
    job(1, "Data Analyst", "Local Retail Co", "Noida", "4-6 Lacs P.A.", "1-3 Yrs", "Excel and SQL MIS.",
      ["Excel", "SQL"]),
    job(1, "Data Scientist", "Fractal Analytics", "Gurugram", "18-28 Lacs P.A.", "3-6 Yrs",
      "Machine learning in Python, SQL.", ["Python", "Machine Learning", "SQL"]),
    job(0, "Python Developer", "HCLTech", "Noida", "10-15 Lacs P.A.", "3-6 Yrs",
      "Django backend in Python; SQL databases; pandas for ETL; Excel exports; Tableau integration.",
      ["Python", "Django", "SQL", "Pandas"]),
    job(0, "Excel Trainer", "SkillUp Academy", "Delhi", "3-5 Lacs P.A.", "1-3 Yrs",
      "Teach Excel, Power BI, SQL and Python basics to students; Tableau workshops.", ["Excel", "Power BI", "Teaching"]),
    job(0, "Accountant", "Sharma & Co", "Delhi", "3-4 Lacs P.A.", "1-3 Yrs", "Tally and Excel."),
    job(2, "Analyst - Business Analytics", "EXL Service", "Noida", "8-12 Lacs P.A.", "1-3 Yrs",
      "SQL, Excel, Python for insurance analytics.", ["SQL", "Excel", "Python"]),
    job(3, "Data Analyst", "Ola", "Hybrid - Gurugram", "16-24 Lacs P.A.", "2-5 Yrs",
      "SQL, Python, Power BI for mobility data.", ["SQL", "Python", "Power BI"]),
    job(1, "Business Analyst", "Accenture", "Pune", "12-16 Lacs P.A.", "3-6 Yrs",
      "Requirements gathering, Excel, SQL.", ["Excel", "SQL"]),
    job(0, "Data Engineer", "Publicis Sapient", "Gurugram", "20-30 Lacs P.A.", "4-8 Yrs",
      "Spark, Scala, Airflow pipelines.", ["Spark", "Scala", "Airflow"]),
    job(2, "Data Analyst", "Remote First Inc", "Remote", "15-20 LPA", "2-4 Yrs", "SQL, Python, Tableau.",
      ["SQL", "Python", "Tableau"]),
    job(0, "Marketing Manager", "Nestle", "Gurugram", "25-35 Lacs P.A.", "8-12 Yrs", "Brand marketing."),
    job(1, "Junior Data Analyst", "StartupX", "Noida", "₹30,000 a month", "0-1 Yrs", "Excel and SQL.",
      ["Excel", "SQL"]),
    job(0, "Financial Analyst", "Deloitte", "Mumbai", "12-18 Lacs P.A.", "3-5 Yrs", "Financial modelling in Excel.",
      ["Excel", "Financial Modelling"]),
    job(3, "Business Analyst - Data", "American Express", "Gurgaon, Haryana, India", "18-26 Lacs P.A.", "2-5 Yrs",
      "SQL, Python, Tableau and stakeholder reporting.", ["SQL", "Python", "Tableau"]),
    job(1, "MIS Executive", "Genpact", "Noida", "5-7 Lacs P.A.", "1-3 Yrs", "Excel, VBA, reporting.", ["Excel", "VBA"]),
  ],
};

export const LABELLED_USERS: LabelledUser[] = [asha, rahul, priya];
